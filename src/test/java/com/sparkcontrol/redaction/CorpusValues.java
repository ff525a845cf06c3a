package com.sparkcontrol.redaction;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * PII values for the labelled corpus. Checksummed values are computed here with code of their own (not the
 * detectors' validators), so the corpus checks the detectors rather than repeating them.
 */
final class CorpusValues {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    static final List<String> EMAILS = List.of(
            "jane.doe@example.com", "j.mueller@firma-beispiel.de", "marie.dupont+factures@exemple.fr",
            "soporte@empresa-ejemplo.es", "taro.yamada@example.co.jp", "o'brien@example.ie",
            "first_last@mail.sub.example.org", "ADMIN@EXAMPLE.NET", "info@xn--mnchen-3ya.de",
            "jürgen.groß@bücher.example", "hello@startup.io", "a.b-c@d-e.example.com", "x@example.travel",
            "support-team@help.example.co.uk", "li.wei@example.cn", "noreply+alerts@ci.example.dev",
            "maria.garcia@correo.example.mx", "pierre@cabinet-avocats.example.fr");

    static final List<String> PHONES = List.of(
            "+1 415-555-2671", "(212) 555-0198", "+44 20 7946 0958", "020 7946 0018", "+49 30 12345678",
            "0171 1234567", "+33 1 42 68 53 00", "06 12 34 56 78", "+34 612 345 678", "+31 20 123 4567",
            "06-12345678", "+81 3-1234-5678", "090-1234-5678", "+41 44 668 18 00", "+91 98765 43210",
            "+55 11 91234-5678", "+61 2 9374 4000", "0044 20 7946 0958", "+1 (604) 555-0123", "030 12345678",
            "+48 22 123 45 67", "+351 21 123 4567", "91 123 45 67", "+82 2-312-3456");

    static final List<String> URLS = List.of(
            "https://example.com/users/4711/profile", "http://intranet.example.local/wiki/Onboarding",
            "https://www.example.de/kontakt?ref=newsletter&lang=de", "https://docs.example.org/guide#install",
            "www.example.fr/mon-compte", "https://example.es/pedido/2024/ABC-123",
            "https://shop.example.co.jp/items/9876?color=red", "ftp://files.example.net/pub/report.pdf",
            "https://example.com/a/(b)/c", "https://user:secret@db.example.com:8443/admin",
            "postgres://app:pw@10.0.0.5:5432/orders", "https://calendar.example.com/invite?id=88af2c&u=jane",
            "https://maps.example.com/@48.8566,2.3522,15z", "http://192.168.1.10:8080/status",
            "https://example.org/search?q=caf%C3%A9", "wss://stream.example.io/v1/events");

    private final Random random;

    CorpusValues(Random random) {
        this.random = random;
    }

    // ---- credit cards ------------------------------------------------------------------------------

    /** A Luhn-valid card number of the k-th network, formatted bare, in fours with spaces, or with dashes. */
    String card(int k) {
        String[][] networks = {
                {"4", "16"}, {"51", "16"}, {"2221", "16"}, {"37", "15"}, {"6011", "16"}, {"3530", "16"},
                {"36", "14"}, {"62", "19"}, {"4", "13"}, {"55", "16"}, {"34", "15"}, {"65", "16"}};
        String[] network = networks[k % networks.length];
        String digits = withLuhnDigit(network[0] + digits(Integer.parseInt(network[1]) - network[0].length() - 1));
        return switch (k % 3) {
            case 0 -> digits;
            case 1 -> digits.length() == 15 ? group(digits, ' ', 4, 6, 5) : groupEvery(digits, ' ', 4);
            default -> digits.length() == 15 ? group(digits, '-', 4, 6, 5) : groupEvery(digits, '-', 4);
        };
    }

    /** Same shape as a card, but the last digit breaks the Luhn check. */
    String cardWithBadCheckDigit(int k) {
        String good = card(k * 3).replaceAll("[ -]", "");
        int last = good.charAt(good.length() - 1) - '0';
        return groupEvery(good.substring(0, good.length() - 1) + (last + 1) % 10, ' ', 4);
    }

    static String withLuhnDigit(String body) {
        for (int d = 0; d <= 9; d++) {
            if (luhnOk(body + d)) {
                return body + d;
            }
        }
        throw new IllegalStateException();
    }

    private static boolean luhnOk(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int d = number.charAt(number.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return sum % 10 == 0;
    }

    // ---- IBAN ----------------------------------------------------------------------------------------

    /** Country, BBAN pattern (n = digit, a = upper-case letter, c = either). */
    private static final String[][] IBAN_COUNTRIES = {
            {"DE", "nnnnnnnnnnnnnnnnnn"}, {"GB", "aaaannnnnnnnnnnnnn"}, {"FR", "nnnnnnnnnnccccccccccnnn"},
            {"NL", "aaaannnnnnnnnn"}, {"ES", "nnnnnnnnnnnnnnnnnnnn"}, {"IT", "annnnnnnnnncccccccccccc"},
            {"BE", "nnnnnnnnnnnn"}, {"AT", "nnnnnnnnnnnnnnnn"}, {"CH", "nnnnncccccccccccc"},
            {"PL", "nnnnnnnnnnnnnnnnnnnnnnnn"}, {"SE", "nnnnnnnnnnnnnnnnnnnn"}, {"PT", "nnnnnnnnnnnnnnnnnnnnn"},
            {"IE", "aaaannnnnnnnnnnnnn"}, {"LU", "nnnccccccccccccc"}, {"NO", "nnnnnnnnnnn"}, {"DK", "nnnnnnnnnnnnnn"}};

    /** A valid IBAN; print form (groups of four) for odd k. */
    String iban(int k) {
        String[] country = IBAN_COUNTRIES[k % IBAN_COUNTRIES.length];
        StringBuilder bban = new StringBuilder();
        for (char kind : country[1].toCharArray()) {
            boolean letter = kind == 'a' || (kind == 'c' && random.nextInt(4) == 0);
            bban.append(letter ? (char) ('A' + random.nextInt(26)) : (char) ('0' + random.nextInt(10)));
        }
        String iban = country[0] + ibanCheckDigits(country[0], bban.toString()) + bban;
        return k % 2 == 1 ? groupEvery(iban, ' ', 4) : iban;
    }

    /** A valid-looking IBAN whose check digits are wrong. */
    String ibanWithBadCheck(int k) {
        String good = iban(k * 2);
        int check = Integer.parseInt(good.substring(2, 4));
        String bad = good.substring(0, 2) + String.format(Locale.ROOT, "%02d", check == 97 ? 2 : check + 1) + good.substring(4);
        return groupEvery(bad, ' ', 4);
    }

    static String ibanCheckDigits(String country, String bban) {
        StringBuilder numeric = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
        return String.format(Locale.ROOT, "%02d", check);
    }

    // ---- SSN -----------------------------------------------------------------------------------------

    /** Nine digits with a valid area (not 000, 666, 9xx), group and serial. */
    String ssnDigits() {
        int area;
        do {
            area = 1 + random.nextInt(899);
        } while (area == 666);
        return String.format(Locale.ROOT, "%03d%02d%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
    }

    String ssn(int k) {
        String d = ssnDigits();
        char sep = k % 2 == 0 ? '-' : ' ';
        return d.substring(0, 3) + sep + d.substring(3, 5) + sep + d.substring(5);
    }

    // ---- network -------------------------------------------------------------------------------------

    String ipv4(int k) {
        int[][] firsts = {{10}, {172, 16}, {192, 168}, {203, 0, 113}, {8}, {85}, {62}, {100}};
        int[] first = firsts[k % firsts.length];
        StringBuilder ip = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int octet = i < first.length ? first[i] : 1 + random.nextInt(254);
            ip.append(i == 0 ? "" : ".").append(octet);
        }
        return ip.toString();
    }

    String ipv6(int k) {
        String[] groups = new String[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Integer.toHexString(random.nextInt(0x10000));
        }
        return switch (k % 4) {
            case 0 -> String.join(":", groups);
            case 1 -> "2001:db8::" + groups[6] + ":" + groups[7];
            case 2 -> "fe80::" + groups[4] + ":" + groups[5] + ":" + groups[6] + ":" + groups[7];
            default -> "::ffff:" + ipv4(k);
        };
    }

    String mac(int k) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            hex.append(String.format(Locale.ROOT, "%02x", random.nextInt(256)));
        }
        String h = k % 2 == 0 ? hex.toString().toUpperCase(Locale.ROOT) : hex.toString();
        return switch (k % 3) {
            case 0 -> group(h, ':', 2, 2, 2, 2, 2, 2);
            case 1 -> group(h, '-', 2, 2, 2, 2, 2, 2);
            default -> group(h, '.', 4, 4, 4);
        };
    }

    // ---- crypto --------------------------------------------------------------------------------------

    /** Cycles through P2PKH, P2SH, segwit v0 (20 and 32 bytes) and taproot (bech32m) addresses. */
    String bitcoin(int k) {
        return switch (k % 5) {
            case 0 -> base58check((byte) 0x00, bytes(20));
            case 1 -> base58check((byte) 0x05, bytes(20));
            case 2 -> segwit(0, bytes(20));
            case 3 -> segwit(0, bytes(32));
            default -> segwit(1, bytes(32));
        };
    }

    static String base58check(byte version, byte[] hash) {
        byte[] payload = new byte[21];
        payload[0] = version;
        System.arraycopy(hash, 0, payload, 1, 20);
        byte[] check = sha256(sha256(payload));
        byte[] full = new byte[25];
        System.arraycopy(payload, 0, full, 0, 21);
        System.arraycopy(check, 0, full, 21, 4);
        StringBuilder out = new StringBuilder();
        BigInteger n = new BigInteger(1, full);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(58));
            out.append(BASE58.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < full.length && full[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    static String segwit(int version, byte[] program) {
        int[] data = new int[1 + (program.length * 8 + 4) / 5];
        data[0] = version;
        int acc = 0;
        int bits = 0;
        int at = 1;
        for (byte b : program) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                data[at++] = (acc >> bits) & 31;
            }
        }
        if (bits > 0) {
            data[at] = (acc << (5 - bits)) & 31;
        }
        int[] values = new int[2 + 1 + 2 + data.length + 6];
        int constant = version == 0 ? 1 : 0x2bc830a3;
        int[] expanded = {'b' >> 5, 'c' >> 5, 0, 'b' & 31, 'c' & 31};
        System.arraycopy(expanded, 0, values, 0, 5);
        System.arraycopy(data, 0, values, 5, data.length);
        int mod = polymod(values) ^ constant;
        StringBuilder out = new StringBuilder("bc1");
        for (int v : data) {
            out.append(BECH32.charAt(v));
        }
        for (int i = 0; i < 6; i++) {
            out.append(BECH32.charAt((mod >> (5 * (5 - i))) & 31));
        }
        return out.toString();
    }

    private static int polymod(int[] values) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int b = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ v;
            for (int i = 0; i < 5; i++) {
                chk ^= ((b >> i) & 1) != 0 ? gen[i] : 0;
            }
        }
        return chk;
    }

    // ---- secrets -------------------------------------------------------------------------------------

    String apiKey(int k) {
        return switch (k % 12) {
            case 0 -> "nvapi-" + chars(ALNUM + "-_", 64);
            case 1 -> "hf_" + chars(ALNUM, 34);
            case 2 -> "sk-proj-" + chars(ALNUM + "-_", 48);
            case 3 -> "sk-" + chars(ALNUM, 48);
            case 4 -> "ghp_" + chars(ALNUM, 36);
            case 5 -> "github_pat_" + chars(ALNUM, 22) + "_" + chars(ALNUM, 59);
            case 6 -> "AKIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            case 7 -> "xoxb-" + chars("0123456789", 12) + "-" + chars("0123456789", 13) + "-" + chars(ALNUM, 24);
            case 8 -> "sk-ant-api03-" + chars(ALNUM + "-_", 93);
            case 9 -> "glpat-" + chars(ALNUM + "-_", 20);
            case 10 -> "sk_live_" + chars(ALNUM, 24);
            default -> "AIza" + chars(ALNUM + "-_", 35);
        };
    }

    String jwt(int k) {
        String[] algs = {"HS256", "RS256", "ES256", "none"};
        String alg = algs[k % algs.length];
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String payload = "{\"sub\":\"" + (1000 + random.nextInt(9000)) + "\",\"name\":\"User " + k
                + "\",\"iat\":" + (1700000000 + random.nextInt(10000000)) + "}";
        String signature = alg.equals("none") ? "" : chars(ALNUM + "-_", alg.equals("RS256") ? 342 : 43);
        return b64(header) + "." + b64(payload) + "." + signature;
    }

    String privateKey(int k) {
        String[] labels = {"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"};
        String label = labels[k % labels.length];
        StringBuilder body = new StringBuilder();
        int lines = 3 + random.nextInt(4);
        for (int i = 0; i < lines; i++) {
            body.append(chars(ALNUM + "+/", 64)).append('\n');
        }
        body.append(chars(ALNUM + "+/", 20)).append("==\n");
        return "-----BEGIN " + label + "-----\n" + body + "-----END " + label + "-----";
    }

    // ---- helpers -------------------------------------------------------------------------------------

    String digits(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    String chars(String alphabet, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    String hex(int count) {
        return chars("0123456789abcdef", count);
    }

    private byte[] bytes(int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String groupEvery(String s, char sep, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i += size) {
            out.append(i == 0 ? "" : String.valueOf(sep)).append(s, i, Math.min(s.length(), i + size));
        }
        return out.toString();
    }

    static String group(String s, char sep, int... sizes) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int size : sizes) {
            out.append(at == 0 ? "" : String.valueOf(sep)).append(s, at, at + size);
            at += size;
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
