package com.sparkcontrol.redaction;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Phone numbers. A bounded scanner picks out digit groups that could be a number; Google's libphonenumber
 * decides. International numbers ("+49 …", "0049 …") must be valid for their country. National numbers
 * must be valid in one of {@link #DEFAULT_REGIONS}: written with the trunk prefix where the region has one
 * ("030 …" in Germany), and grouped as the region groups them where it has none ("(415) 555-2671"). A run
 * of bare digits counts only after a cue such as "tel" or "call", and nothing counts right after "order",
 * "ISBN" or "serial": such digits are more often an id than a phone number.
 */
final class PhoneNumberDetector implements PiiDetector {

    /** Regions tried for numbers written without a country code. */
    static final List<String> DEFAULT_REGIONS = List.of(
            "US", "CA", "GB", "DE", "FR", "ES", "NL", "IT", "CH", "AT", "BE", "JP", "IN", "BR", "AU");

    private static final ContextWords PHONE_CUES = ContextWords.of("tel", "tel.", "phone", "telephone", "call",
            "mobile", "cell", "fax", "whatsapp", "sms", "telefon", "telefonnummer", "handy", "mobil", "anrufen",
            "tél", "tél.", "téléphone", "portable", "appelez", "appeler", "teléfono", "móvil", "movil", "llama",
            "llámame", "celular", "電話", "携帯", "連絡先");
    private static final ContextWords NOT_PHONE_CUES = ContextWords.of("isbn", "isbn-10", "isbn-13", "issn", "ean",
            "gtin", "sku", "serial", "lot", "ref", "ref.", "réf", "réf.", "invoice", "order", "id", "bestellnummer",
            "rechnungsnummer", "kundennummer", "commande", "pedido", "factura", "tracking");
    private static final int CUE_WINDOW = 24;
    private static final int MAX_CANDIDATE_CHARS = 32;
    private static final int MIN_DIGITS = 7;
    private static final int MAX_DIGITS = 17; // 15 for E.164 plus a "00" international prefix

    private static final int MAX_NATIONAL_DIGITS = 15; // a national significant number plus a trunk prefix

    /** A region tried for national numbers: its calling code and its trunk prefix ("0", "1" or none). */
    private record Region(String code, int callingCode, String trunkPrefix) {

        boolean trunkZero() {
            return "0".equals(trunkPrefix);
        }
    }

    /**
     * libphonenumber logs a WARNING the first time it looks for alternate formats of a country that has
     * none (+1 among them), which reads like a broken install. Held here so the level setting sticks.
     */
    private static final Logger METADATA_LOADER_LOG = quietMetadataLoaderLog();

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<Region> regions;

    PhoneNumberDetector() {
        this(DEFAULT_REGIONS);
    }

    PhoneNumberDetector(List<String> regions) {
        this.regions = regions.stream()
                .map(r -> new Region(r, util.getCountryCodeForRegion(r), util.getNddPrefixForRegion(r, true)))
                .toList();
    }

    @Override
    public EntityType type() {
        return EntityType.PHONE_NUMBER;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean opens = TokenBoundary.isAsciiDigit(c) || ((c == '+' || c == '(')
                    && TokenBoundary.isAsciiDigit(TokenBoundary.charAt(text, i + 1)));
            if (!opens || !leftBoundary(text, i)) {
                i++;
                continue;
            }
            Candidate candidate = scan(text, i);
            if (candidate.digits >= MIN_DIGITS && candidate.digits <= MAX_DIGITS && candidate.bounded
                    && isPhoneNumber(text, i, text.substring(i, candidate.end))) {
                spans.add(new PiiSpan(type(), i, candidate.end));
            }
            i = Math.max(i + 1, candidate.scanEnd);
        }
        return spans;
    }

    /** What follows an opening character: where the last digit ends and whether the run stops cleanly. */
    private record Candidate(int end, int scanEnd, int digits, boolean bounded) {
    }

    private static Candidate scan(String text, int start) {
        int n = text.length();
        int digits = 0;
        int separators = 0;
        int lastDigitEnd = start;
        int j = start;
        while (j < n && j - start < MAX_CANDIDATE_CHARS) {
            char c = text.charAt(j);
            if (TokenBoundary.isAsciiDigit(c)) {
                digits++;
                separators = 0;
                lastDigitEnd = j + 1;
            } else if (isSeparator(c) || (j == start && c == '+')) {
                if (++separators > 2) {
                    break;
                }
            } else {
                break;
            }
            j++;
        }
        boolean cutShort = j - start >= MAX_CANDIDATE_CHARS && j < n
                && (TokenBoundary.isAsciiDigit(text.charAt(j)) || isSeparator(text.charAt(j)));
        boolean bounded = !cutShort && TokenBoundary.wordEndsAt(text, lastDigitEnd)
                && !continuesAsNumber(text, lastDigitEnd);
        return new Candidate(lastDigitEnd, Math.max(j, lastDigitEnd), digits, bounded);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\u00A0' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
    }

    private static boolean leftBoundary(String text, int i) {
        char before = TokenBoundary.charAt(text, i - 1);
        return !TokenBoundary.isWordChar(before) && "-./#$€£¥+@%".indexOf(before) < 0
                && !TokenBoundary.followsDigitGroup(text, i);
    }

    /** "1.234,56", "12:30" or "20%": the digits go on as an amount or a time, not a phone number. */
    private static boolean continuesAsNumber(String text, int end) {
        char next = TokenBoundary.charAt(text, end);
        return next == '%'
                || ((next == ',' || next == ':') && TokenBoundary.isAsciiDigit(TokenBoundary.charAt(text, end + 1)));
    }

    private boolean isPhoneNumber(String text, int start, String candidate) {
        DigitGroups groups = DigitGroups.of(candidate);
        if (groups.looksLikeDate() || groups.looksLikeVersionOrAddress() || groups.looksLikeSsn()) {
            return false;
        }
        if (candidate.startsWith("+")) {
            return isValid(candidate, "ZZ");
        }
        if (candidate.startsWith("00")) {
            return isValid(candidate, "DE"); // "00" is the international prefix across Europe
        }
        if (groups.digits().length() > MAX_NATIONAL_DIGITS || NOT_PHONE_CUES.precede(text, start)
                || (!groups.separated() && !PHONE_CUES.appearWithin(text, start, CUE_WINDOW))) {
            return false;
        }
        String digits = groups.digits();
        for (Region region : regions) {
            boolean valid = region.trunkZero()
                    ? digits.startsWith("0") && isNationalNumber(digits.substring(1), region)
                    : isNationalNumber(withoutTrunk(digits, region), region) && isGroupedAsInRegion(candidate, region.code());
            if (valid) {
                return true;
            }
        }
        return false;
    }

    private static String withoutTrunk(String digits, Region region) {
        String trunk = region.trunkPrefix();
        return trunk != null && digits.length() == 11 && digits.startsWith(trunk) ? digits.substring(trunk.length()) : digits;
    }

    /**
     * Asks libphonenumber whether the national significant number is valid in the region. The number is
     * built directly from its digits, which is several times cheaper than parsing the written form for
     * each region.
     */
    private boolean isNationalNumber(String nationalDigits, Region region) {
        if (nationalDigits.isEmpty() || nationalDigits.length() > 17) {
            return false;
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(region.callingCode())
                .setNationalNumber(Long.parseLong(nationalDigits));
        int zeros = 0;
        while (zeros < nationalDigits.length() - 1 && nationalDigits.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros); // Italian landlines keep their 0
        }
        return util.isValidNumberForRegion(number, region.code());
    }

    /**
     * For regions without a trunk prefix (US, Spain, Italy) the digits alone say little, so the grouping
     * must be one the region uses: "(415) 555-2671" is a phone number, "2024-118273" is not.
     */
    private boolean isGroupedAsInRegion(String candidate, String region) {
        for (PhoneNumberMatch match : util.findNumbers(candidate, region, PhoneNumberUtil.Leniency.STRICT_GROUPING, 3)) {
            if (match.start() == 0 && match.end() == candidate.length()) {
                return true;
            }
        }
        return false;
    }

    private static Logger quietMetadataLoaderLog() {
        Logger log = Logger.getLogger("com.google.i18n.phonenumbers.metadata.init.ClassPathResourceMetadataLoader");
        log.setLevel(Level.SEVERE);
        return log;
    }

    /** An international number: parsed in full, valid for whatever country its code names. */
    private boolean isValid(String candidate, String parseRegion) {
        try {
            return util.isValidNumber(util.parse(candidate, parseRegion));
        } catch (NumberParseException e) {
            return false;
        }
    }
}
