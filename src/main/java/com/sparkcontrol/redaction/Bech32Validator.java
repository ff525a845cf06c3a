package com.sparkcontrol.redaction;

import java.util.Locale;

/** Bitcoin segwit addresses (BIP 173 bech32 for version 0, BIP 350 bech32m for versions 1–16). */
final class Bech32Validator {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int BECH32_CONST = 1;
    private static final int BECH32M_CONST = 0x2bc830a3;

    private Bech32Validator() {
    }

    static boolean isBech32Char(char c) {
        return c < 128 && CHARSET.indexOf(Character.toLowerCase(c)) >= 0;
    }

    /** True for a well-formed segwit address with human-readable part "bc" or "tb" and a matching checksum. */
    static boolean isValidAddress(String address) {
        if (address.length() < 14 || address.length() > 90) {
            return false;
        }
        String lower = address.toLowerCase(Locale.ROOT);
        if (!address.equals(lower) && !address.equals(address.toUpperCase(Locale.ROOT))) {
            return false; // mixed case is invalid
        }
        int sep = lower.lastIndexOf('1');
        String hrp = lower.substring(0, sep);
        if (!hrp.equals("bc") && !hrp.equals("tb")) {
            return false;
        }
        int[] data = new int[lower.length() - sep - 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = CHARSET.indexOf(lower.charAt(sep + 1 + i));
            if (data[i] < 0) {
                return false;
            }
        }
        if (data.length < 7) {
            return false;
        }
        int witnessVersion = data[0];
        int expected = witnessVersion == 0 ? BECH32_CONST : BECH32M_CONST;
        if (witnessVersion > 16 || polymod(hrp, data) != expected) {
            return false;
        }
        int programBits = (data.length - 7) * 5; // minus version and six checksum characters
        int programBytes = programBits / 8;
        if (programBits % 8 >= 5 || programBytes < 2 || programBytes > 40) {
            return false;
        }
        return witnessVersion != 0 || programBytes == 20 || programBytes == 32;
    }

    private static int polymod(String hrp, int[] data) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (int value : data) {
            chk = step(chk, value);
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }
}
