package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checksum and range validators against published test values. */
class ValidatorsTest {

    @Test
    void luhnAcceptsValidNumbersAndRejectsOneDigitOff() {
        assertThat(LuhnChecksum.isValid("79927398713")).isTrue();
        assertThat(LuhnChecksum.isValid("79927398710")).isFalse();
        assertThat(LuhnChecksum.isValid("")).isFalse();
    }

    @Test
    void ibanNeedsTheCountryLengthAndMod97() {
        assertThat(IbanValidator.isValid("GB82WEST12345698765432")).isTrue();
        assertThat(IbanValidator.isValid("GB82WEST1234569876543")).isFalse();
        assertThat(IbanValidator.isValid("GB83WEST12345698765432")).isFalse();
        assertThat(IbanValidator.isValid("NO9386011117947")).isTrue();
        assertThat(IbanValidator.isValid("QQ82WEST12345698765432")).isFalse();
    }

    @Test
    void ssnRulesFollowTheSsaAssignmentRanges() {
        assertThat(SsnValidator.isValid("536221234")).isTrue();
        assertThat(SsnValidator.isValid("666221234")).isFalse();
        assertThat(SsnValidator.isValid("936221234")).isFalse();
        assertThat(SsnValidator.isValid("536001234")).isFalse();
        assertThat(SsnValidator.isValid("078051120")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "255.255.255.255", "0.0.0.0", "10.0.0.1"})
    void validIpv4(String ip) {
        assertThat(Ipv4Validator.isValid(ip)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3.", ".1.2.3"})
    void invalidIpv4(String ip) {
        assertThat(Ipv4Validator.isValid(ip)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "2001:db8::1", "2001:0db8:0000:0000:0000:ff00:0042:8329", "fe80::1:2:3:4",
            "::ffff:192.0.2.128", "1:2:3:4:5:6:7::", "1::8"})
    void validIpv6(String ip) {
        assertThat(Ipv6Validator.isValid(ip)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
            "::ffff:999.0.0.1", "g::1", "1:2:3:4:5:6:7:1.2.3.4"})
    void invalidIpv6(String ip) {
        assertThat(Ipv6Validator.isValid(ip)).isFalse();
    }

    @Test
    void base58CheckVerifiesTheDoubleSha256Checksum() {
        assertThat(Base58CheckValidator.isValidAddress("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")).isTrue();
        assertThat(Base58CheckValidator.isValidAddress("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")).isFalse();
        assertThat(Base58CheckValidator.isValidAddress("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf")).isFalse();
    }

    @Test
    void bech32AndBech32mFollowBip173AndBip350() {
        assertThat(Bech32Validator.isValidAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).isTrue();
        assertThat(Bech32Validator.isValidAddress(CorpusValues.segwit(1, new byte[32]))).isTrue();
        // a version-1 program with a bech32 (not bech32m) checksum is invalid under BIP 350
        assertThat(Bech32Validator.isValidAddress(CorpusValues.segwit(0, new byte[32]).replaceFirst("bc1q", "bc1p"))).isFalse();
        assertThat(Bech32Validator.isValidAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")).isFalse();
    }
}
