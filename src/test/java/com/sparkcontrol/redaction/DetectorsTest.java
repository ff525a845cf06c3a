package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each detector on its own: what it finds, exactly where, and what it leaves alone. */
class DetectorsTest {

    /** The substrings a detector reports. */
    private static List<String> found(PiiDetector detector, String text) {
        return detector.detect(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Nested
    class Email {
        private final PiiDetector detector = new EmailDetector();

        @Test
        void findsAddressesAndDropsSentencePunctuation() {
            assertThat(found(detector, "Write to jane.doe+tag@example.co.uk. Or 'x@example.travel'."))
                    .containsExactly("jane.doe+tag@example.co.uk", "x@example.travel");
        }

        @Test
        void findsAddressesNextToJapaneseText() {
            assertThat(found(detector, "メールはtaro@example.jpです")).containsExactly("taro@example.jp");
        }

        @ParameterizedTest
        @ValueSource(strings = {"user@localhost", "foo@bar", "@mention", "a..b@example.com", "jane@example.c",
                "x@-example.com", "name at example dot com"})
        void leavesNonAddressesAlone(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class Phone {
        private final PiiDetector detector = new PhoneNumberDetector();

        @ParameterizedTest
        @ValueSource(strings = {"+49 30 12345678", "+1 415-555-2671", "(212) 555-0198", "030 12345678",
                "06 12 34 56 78", "+81 3-1234-5678", "090-1234-5678", "0044 20 7946 0958", "+33 1 42 68 53 00"})
        void findsNumbersOfSeveralCountries(String number) {
            assertThat(found(detector, "Tel. " + number + ", bis bald")).containsExactly(number);
        }

        @Test
        void needsACueForBareDigits() {
            assertThat(found(detector, "Call me at 4155552671.")).containsExactly("4155552671");
            assertThat(found(detector, "Customer 4155552671 renewed.")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"2024-03-15", "15.03.2024", "10.0.19045.3803", "192.168.100.200", "Order 030 1234567",
                "ISBN 0-306-40615-2", "2024-118273", "078-05-1120", "Serial 0937380199", "1.234.567,89", "12:30:45"})
        void leavesDatesVersionsAndIdsAlone(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class CreditCard {
        private final PiiDetector detector = new CreditCardDetector();

        @ParameterizedTest
        @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "3782 822463 10005",
                "6011000990139424", "3530111333300000", "30569309025904"})
        void findsLuhnValidNumbersOfKnownNetworks(String number) {
            assertThat(found(detector, "Karte: " + number + ".")).containsExactly(number);
        }

        @ParameterizedTest
        @ValueSource(strings = {"4111 1111 1111 1112", "1234567812345670", "41111111111111111111", "DE20 0845 5799 5549 9008 87"})
        void leavesLuhnFailuresUnknownPrefixesAndLongerRunsAlone(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class Ssn {
        private final PiiDetector detector = new UsSsnDetector();

        @Test
        void findsFormattedNumbersAndBareOnesAfterACue() {
            assertThat(found(detector, "ids 536-22-1234 and 536 22 1235; my SSN is 536221236"))
                    .containsExactly("536-22-1234", "536 22 1235", "536221236");
            assertThat(found(detector, "batch 536221236")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000",
                "123-45-6789", "111-11-1111", "536-22-12345"})
        void rejectsImpossibleAndPublishedNumbers(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class Iban {
        private final PiiDetector detector = new IbanDetector();

        @ParameterizedTest
        @ValueSource(strings = {"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32",
                "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957", "de89 3704 0044 0532 0130 00"})
        void findsValidIbans(String iban) {
            assertThat(found(detector, "IBAN: " + iban + ".")).containsExactly(iban);
        }

        @ParameterizedTest
        @ValueSource(strings = {"DE89 3704 0044 0532 0130 01", "DE8937040044053201300", "XX89370400440532013000",
                "GB82WEST123456987654321"})
        void rejectsBadCheckDigitsLengthsAndCountries(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class IpAddress {
        private final PiiDetector detector = new IpAddressDetector();

        @Test
        void findsV4AndV6() {
            assertThat(found(detector, "hosts 192.168.1.20, 2001:db8::1 and fe80::1ff:fe23:4567:890a. Also [::ffff:10.0.0.1]:80"))
                    .containsExactlyInAnyOrder("192.168.1.20", "2001:db8::1", "fe80::1ff:fe23:4567:890a", "::ffff:10.0.0.1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"version 1.2.3.4", "v1.2.3.4", "1.2.3.4-beta", "256.1.1.1", "01.02.03.04", "1.2.3.4.5",
                "12:30:45", "std::vector", "00:1A:2B:3C:4D:5E", "section 3.2.1.4", "2001:db8::1::2"})
        void leavesVersionsTimesAndBadAddressesAlone(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class MacAddress {
        private final PiiDetector detector = new MacAddressDetector();

        @Test
        void findsAllThreeNotations() {
            assertThat(found(detector, "00:1A:2B:3C:4D:5E, 00-1a-2b-3c-4d-5e and 001a.2b3c.4d5e"))
                    .containsExactly("00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e");
        }

        @ParameterizedTest
        @ValueSource(strings = {"00:1A:2B:3C:4D", "00:1A-2B:3C:4D:5E", "00:1A:2B:3C:4D:5E:6F", "12:30:45:99"})
        void leavesOtherShapesAlone(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class Url {
        private final PiiDetector detector = new UrlDetector();

        @Test
        void findsSchemeAndWwwUrlsWithoutTrailingPunctuation() {
            assertThat(found(detector, "See https://example.com/a?b=1). Or (www.example.org/x), postgres://u:p@db/x!"))
                    .containsExactly("https://example.com/a?b=1", "postgres://u:p@db/x", "www.example.org/x");
        }

        @Test
        void keepsBalancedParenthesesAndStopsAtJapanese() {
            assertThat(found(detector, "https://en.example.org/wiki/Foo_(bar) と https://example.jp/faqを参照"))
                    .containsExactly("https://en.example.org/wiki/Foo_(bar)", "https://example.jp/faq");
        }

        @ParameterizedTest
        @ValueSource(strings = {"example.com", "javascript://x", "file.txt", "www.example", "https://"})
        void leavesBareNamesAndUnknownSchemesAlone(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class Crypto {
        private final PiiDetector detector = new CryptoDetector();

        @ParameterizedTest
        @ValueSource(strings = {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"})
        void findsAddressesWithValidChecksums(String address) {
            assertThat(found(detector, "send to " + address + ".")).containsExactly(address);
        }

        @Test
        void findsGeneratedSegwitAndTaprootAddresses() {
            CorpusValues values = new CorpusValues(new Random(7));
            for (int k = 0; k < 10; k++) {
                String address = values.bitcoin(k);
                assertThat(found(detector, address)).as(address).containsExactly(address);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
                "Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "9fceb02d0ae598e95dc970b74767f19372d61af8", "1111111111111111111111111"})
        void rejectsBadChecksumsMixedCaseAndHashes(String text) {
            assertThat(found(detector, text)).isEmpty();
        }
    }

    @Nested
    class Secrets {
        private final PiiDetector keys = new ApiKeyDetector();
        private final PiiDetector jwt = new JwtDetector();
        private final PiiDetector pem = new PrivateKeyDetector();

        @ParameterizedTest
        @ValueSource(strings = {"nvapi-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
                "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123", "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
                "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "AKIAIOSFODNN7EXAMPLE",
                "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"})
        void findsKeysByIssuerPrefix(String key) {
            assertThat(found(keys, "export KEY=" + key + "\n")).containsExactly(key);
        }

        @ParameterizedTest
        @ValueSource(strings = {"sk-test", "hf_demo", "ghp_short", "AKIA1234", "nvapi-xxx", "risk-adjusted-task-based",
                "AKIAIOSFODNN7EXAMPLEX"})
        void leavesShortLookAlikesAlone(String text) {
            assertThat(found(keys, text)).isEmpty();
        }

        @Test
        void findsJwtsWhoseHeaderIsJson() {
            String token = new CorpusValues(new Random(1)).jwt(0);
            assertThat(found(jwt, "Authorization: Bearer " + token)).containsExactly(token);
            assertThat(found(jwt, "eyJub3RhIjoiand0In0.eyJzdWIiOiIxMjM0In0.abc")).isEmpty(); // header has no alg/typ
            assertThat(found(jwt, "eyJhbGciOi is cut short")).isEmpty();
        }

        @Test
        void findsWholePemBlocksAndTruncatedOnes() {
            String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACB\n-----END OPENSSH PRIVATE KEY-----";
            assertThat(found(pem, "key:\n" + key + "\nthanks")).containsExactly(key);
            assertThat(found(pem, "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc+/== ~end"))
                    .containsExactly("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc+/==");
            assertThat(found(pem, "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----")).isEmpty();
        }
    }

    @Nested
    class DenyList {
        @Test
        void matchesWholeWordsCaseInsensitively() {
            PiiDetector detector = new DenyListDetector(List.of("Project Falcon", "ACME"));
            assertThat(found(detector, "project falcon at Acme; acmeCorp and falconry stay"))
                    .containsExactlyInAnyOrder("project falcon", "Acme");
        }
    }
}
