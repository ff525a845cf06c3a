package com.sparkcontrol.redaction;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Bitcoin legacy addresses: base58check with a double SHA-256 checksum and a P2PKH or P2SH version byte. */
final class Base58CheckValidator {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int ADDRESS_BYTES = 25; // version, 20-byte hash, 4-byte checksum

    private Base58CheckValidator() {
    }

    static boolean isBase58Char(char c) {
        return c < 128 && ALPHABET.indexOf(c) >= 0;
    }

    /** True for a mainnet P2PKH ('1…') or P2SH ('3…') address whose checksum matches. */
    static boolean isValidAddress(String address) {
        byte[] bytes = decode(address);
        if (bytes == null || (bytes[0] != 0x00 && bytes[0] != 0x05)) {
            return false;
        }
        byte[] hash = sha256(sha256(Arrays.copyOfRange(bytes, 0, ADDRESS_BYTES - 4)));
        return Arrays.equals(Arrays.copyOfRange(hash, 0, 4), Arrays.copyOfRange(bytes, ADDRESS_BYTES - 4, ADDRESS_BYTES));
    }

    /** Decodes into exactly 25 bytes, or null when the text decodes to another length or has a bad character. */
    private static byte[] decode(String text) {
        byte[] out = new byte[ADDRESS_BYTES];
        int leadingZeros = 0;
        while (leadingZeros < text.length() && text.charAt(leadingZeros) == '1') {
            leadingZeros++;
        }
        for (int i = 0; i < text.length(); i++) {
            int carry = ALPHABET.indexOf(text.charAt(i));
            if (carry < 0) {
                return null;
            }
            for (int k = ADDRESS_BYTES - 1; k >= 0; k--) {
                carry += 58 * (out[k] & 0xff);
                out[k] = (byte) carry;
                carry >>>= 8;
            }
            if (carry != 0) {
                return null; // more than 25 bytes
            }
        }
        int zeroBytes = 0;
        while (zeroBytes < ADDRESS_BYTES && out[zeroBytes] == 0) {
            zeroBytes++;
        }
        return zeroBytes == leadingZeros ? out : null; // otherwise the encoding is shorter than 25 bytes
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
