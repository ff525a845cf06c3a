package com.sparkcontrol.redaction;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;

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

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> regions;

    PhoneNumberDetector() {
        this(DEFAULT_REGIONS);
    }

    PhoneNumberDetector(List<String> regions) {
        this.regions = List.copyOf(regions);
    }

    @Override
    public EntityType type() {
        return EntityType.PHONE_NUMBER;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = List.of();
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
                if (spans.isEmpty()) {
                    spans = new ArrayList<>();
                }
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
            return isValid(candidate, "ZZ", null);
        }
        if (candidate.startsWith("00")) {
            return isValid(candidate, "DE", null); // "00" is the international prefix across Europe
        }
        if (NOT_PHONE_CUES.precede(text, start)
                || (!groups.separated() && !PHONE_CUES.appearWithin(text, start, CUE_WINDOW))) {
            return false;
        }
        for (String region : regions) {
            String trunk = util.getNddPrefixForRegion(region, true);
            boolean valid = "0".equals(trunk)
                    ? groups.digits().startsWith("0") && isValid(candidate, region, region)
                    : isGroupedAsInRegion(candidate, region);
            if (valid) {
                return true;
            }
        }
        return false;
    }

    /**
     * For regions without a trunk prefix (US, Spain, Italy) the digits alone say little, so the grouping
     * must be one the region uses: "(415) 555-2671" is a phone number, "2024-118273" is not.
     */
    private boolean isGroupedAsInRegion(String candidate, String region) {
        for (PhoneNumberMatch match : util.findNumbers(candidate, region, PhoneNumberUtil.Leniency.STRICT_GROUPING, 3)) {
            if (match.start() == 0 && match.end() == candidate.length()) {
                return util.isValidNumberForRegion(match.number(), region);
            }
        }
        return false;
    }

    private boolean isValid(String candidate, String parseRegion, String requiredRegion) {
        try {
            PhoneNumber number = util.parse(candidate, parseRegion);
            return requiredRegion == null ? util.isValidNumber(number) : util.isValidNumberForRegion(number, requiredRegion);
        } catch (NumberParseException e) {
            return false;
        }
    }
}
