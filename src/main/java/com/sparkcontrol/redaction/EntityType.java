package com.sparkcontrol.redaction;

/** The kinds of PII the gateway redacts, named as Presidio names them; the rank decides overlaps. */
public enum EntityType {
    EMAIL_ADDRESS(60),
    PHONE_NUMBER(30),
    CREDIT_CARD(70),
    US_SSN(65),
    IBAN_CODE(70),
    IP_ADDRESS(40),
    MAC_ADDRESS(40),
    URL(50),
    CRYPTO(70),
    API_KEY(90),
    JWT(95),
    PRIVATE_KEY(100),
    /** An operator's deny-list term: always redacted, whatever the detectors say. */
    DENY_LIST(80);

    private final int rank;

    EntityType(int rank) {
        this.rank = rank;
    }

    /** Higher wins when two detections of the same length overlap. */
    int rank() {
        return rank;
    }

    /** Secrets win any overlap, even against a longer span (a URL carrying a token is a secret). */
    boolean isSecret() {
        return this == API_KEY || this == JWT || this == PRIVATE_KEY;
    }
}
