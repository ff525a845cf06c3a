package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The built-in detector for each entity type. */
final class DetectorCatalog {

    /** Every type a built-in detector finds (all but {@link EntityType#DENY_LIST}). */
    static final Set<EntityType> DETECTABLE =
            Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(EntityType.DENY_LIST)));

    private DetectorCatalog() {
    }

    static List<PiiDetector> detectorsFor(Collection<EntityType> types) {
        List<PiiDetector> detectors = new ArrayList<>();
        EnumSet<EntityType> wanted = EnumSet.noneOf(EntityType.class);
        wanted.addAll(types);
        for (EntityType type : wanted) {
            switch (type) {
                case EMAIL_ADDRESS -> detectors.add(new EmailDetector());
                case PHONE_NUMBER -> detectors.add(new PhoneNumberDetector());
                case CREDIT_CARD -> detectors.add(new CreditCardDetector());
                case US_SSN -> detectors.add(new UsSsnDetector());
                case IBAN_CODE -> detectors.add(new IbanDetector());
                case IP_ADDRESS -> detectors.add(new IpAddressDetector());
                case MAC_ADDRESS -> detectors.add(new MacAddressDetector());
                case URL -> detectors.add(new UrlDetector());
                case CRYPTO -> detectors.add(new CryptoDetector());
                case API_KEY -> detectors.add(new ApiKeyDetector());
                case JWT -> detectors.add(new JwtDetector());
                case PRIVATE_KEY -> detectors.add(new PrivateKeyDetector());
                case DENY_LIST -> { } // built from the deny list, not from a type switch
            }
        }
        return detectors;
    }
}
