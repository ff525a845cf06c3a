package com.sparkcontrol.redaction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The labelled corpus in {@code src/test/resources/redaction/corpus.jsonl}: positives of every type in
 * several languages and formats, and hard negatives that look like PII but are not. Generated from a fixed
 * seed; {@code CorpusEvaluationTest} checks the file matches. To change it, edit this class and run
 * {@code main} from the project root.
 */
final class RedactionCorpus {

    static final Path FILE = Path.of("src/test/resources/redaction/corpus.jsonl");

    /** One labelled text; {@code entities} lists every PII value in it (empty for a negative). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Sample(String lang, String format, String text, List<Entity> entities) {
    }

    record Entity(String type, String value) {
    }

    private static final List<String> LANGS = List.of("en", "de", "fr", "es", "ja");

    /** Sentences around one value, by language; {v} is the value, {n} the type's noun. */
    private static final Map<String, List<String>> PROSE = Map.of(
            "en", List.of("My {n} is {v}.", "Could you double-check {v} before Friday?",
                    "Here are the details you asked for ({n}: {v}). Thanks!"),
            "de", List.of("Hier die Angaben – {n}: {v}. Danke!", "Bitte prüfen Sie {v} noch einmal.",
                    "Kannst du {v} in das Formular eintragen?"),
            "fr", List.of("Voici mes coordonnées – {n} : {v}. Merci !", "Pouvez-vous vérifier {v} ?",
                    "J'ai noté {v} dans le dossier."),
            "es", List.of("Estos son mis datos – {n}: {v}. ¡Gracias!", "¿Puedes comprobar {v}?",
                    "He anotado {v} en el expediente."),
            "ja", List.of("{n}：{v}", "{v}を確認してください。", "連絡先は{v}です。"));

    /** The same value inside structured text. */
    private static final Map<String, String> FORMATS = Map.of(
            "json", "{\"customer\": \"Jane Roe\", \"field\": \"{v}\", \"active\": true}",
            "csv", "42;Jane Roe;{v};2024-05-01",
            "log", "2024-05-01T12:00:00Z INFO request value={v} status=200 took=35ms",
            "markdown", "| Jane Roe | {v} | active |",
            "yaml", "contact:\n  name: Jane Roe\n  value: {v}\n");

    private static final Map<String, List<String>> NOUNS = Map.ofEntries(
            Map.entry("EMAIL_ADDRESS", List.of("email", "E-Mail", "e-mail", "correo", "メール")),
            Map.entry("PHONE_NUMBER", List.of("phone number", "Telefon", "téléphone", "teléfono", "電話番号")),
            Map.entry("CREDIT_CARD", List.of("card number", "Kartennummer", "numéro de carte", "tarjeta", "カード番号")),
            Map.entry("US_SSN", List.of("SSN", "SSN", "SSN", "SSN", "SSN")),
            Map.entry("IBAN_CODE", List.of("IBAN", "IBAN", "IBAN", "IBAN", "IBAN")),
            Map.entry("IP_ADDRESS", List.of("server address", "Serveradresse", "adresse IP", "dirección IP", "IPアドレス")),
            Map.entry("MAC_ADDRESS", List.of("MAC address", "MAC-Adresse", "adresse MAC", "dirección MAC", "MACアドレス")),
            Map.entry("URL", List.of("link", "Link", "lien", "enlace", "リンク")),
            Map.entry("CRYPTO", List.of("wallet", "Wallet", "portefeuille", "billetera", "ウォレット")),
            Map.entry("API_KEY", List.of("API key", "API-Schlüssel", "clé API", "clave API", "APIキー")),
            Map.entry("JWT", List.of("token", "Token", "jeton", "token", "トークン")),
            Map.entry("PRIVATE_KEY", List.of("key", "Schlüssel", "clé", "clave", "秘密鍵")));

    private RedactionCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, toJsonLines(generate()), StandardCharsets.UTF_8);
        System.out.println("wrote " + generate().size() + " samples to " + FILE);
    }

    static String toJsonLines(List<Sample> samples) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (Sample sample : samples) {
            out.append(mapper.writeValueAsString(sample)).append('\n');
        }
        return out.toString();
    }

    static List<Sample> read() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                samples.add(mapper.readValue(line, Sample.class));
            }
        }
        return samples;
    }

    static List<Sample> generate() {
        Random random = new Random(20251129L);
        CorpusValues values = new CorpusValues(random);
        List<Sample> samples = new ArrayList<>();
        positives(samples, values, random);
        mixed(samples, values);
        negatives(samples, values);
        return samples;
    }

    // ---- positives -------------------------------------------------------------------------------------

    private static void positives(List<Sample> out, CorpusValues v, Random random) {
        for (int k = 0; k < 18; k++) {
            one(out, "EMAIL_ADDRESS", CorpusValues.EMAILS.get(k), k, random);
        }
        for (int k = 0; k < 24; k++) {
            one(out, "PHONE_NUMBER", CorpusValues.PHONES.get(k), k, random);
        }
        for (int k = 0; k < 18; k++) {
            one(out, "CREDIT_CARD", v.card(k), k, random);
        }
        for (int k = 0; k < 10; k++) {
            one(out, "US_SSN", v.ssn(k), k, random);
        }
        String[] ssnCues = {"SSN: {v}", "Social Security Number {v}", "ssn# {v}", "my SSN is {v}"};
        for (int k = 0; k < 4; k++) {
            String value = v.ssnDigits();
            out.add(sample("en", "prose", ssnCues[k].replace("{v}", value), "US_SSN", value));
        }
        for (int k = 0; k < 20; k++) {
            one(out, "IBAN_CODE", v.iban(k), k, random);
        }
        for (int k = 0; k < 16; k++) {
            one(out, "IP_ADDRESS", k % 2 == 0 ? v.ipv4(k / 2) : v.ipv6(k / 2), k, random);
        }
        for (int k = 0; k < 12; k++) {
            one(out, "MAC_ADDRESS", v.mac(k), k, random);
        }
        for (int k = 0; k < 16; k++) {
            one(out, "URL", CorpusValues.URLS.get(k), k, random);
        }
        List<String> knownAddresses = List.of("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
        for (int k = 0; k < 17; k++) {
            one(out, "CRYPTO", k < knownAddresses.size() ? knownAddresses.get(k) : v.bitcoin(k), k, random);
        }
        for (int k = 0; k < 18; k++) {
            one(out, "API_KEY", v.apiKey(k), k, random);
        }
        for (int k = 0; k < 12; k++) {
            one(out, "JWT", v.jwt(k), k, random);
        }
        for (int k = 0; k < 10; k++) {
            String key = v.privateKey(k);
            String lang = LANGS.get(k % LANGS.size());
            String text = switch (k % 3) {
                case 0 -> "Here is the deploy key, please keep it safe:\n" + key + "\nThanks!";
                case 1 -> "```\n" + key + "\n```";
                default -> "{\"ssh_key\": \"" + key.replace("\n", "\\n") + "\"}";
            };
            String value = k % 3 == 2 ? key.replace("\n", "\\n") : key;
            out.add(sample(lang, k % 3 == 0 ? "prose" : k % 3 == 1 ? "markdown" : "json", text, "PRIVATE_KEY", value));
        }
    }

    /** One value in the k-th language's prose or, every third sample, in a structured format. */
    private static void one(List<Sample> out, String type, String value, int k, Random random) {
        String lang = LANGS.get(k % LANGS.size());
        String noun = NOUNS.get(type).get(LANGS.indexOf(lang));
        if (k % 3 == 2) {
            List<String> formats = List.copyOf(new TreeSet<>(FORMATS.keySet()));
            String format = formats.get(random.nextInt(formats.size()));
            out.add(sample(lang, format, FORMATS.get(format).replace("{v}", value), type, value));
        } else {
            List<String> templates = PROSE.get(lang);
            String template = templates.get(random.nextInt(templates.size()));
            out.add(sample(lang, "prose", template.replace("{n}", noun).replace("{v}", value), type, value));
        }
    }

    private static Sample sample(String lang, String format, String text, String type, String value) {
        return new Sample(lang, format, text, List.of(new Entity(type, value)));
    }

    // ---- several entities in one text -------------------------------------------------------------------

    private static void mixed(List<Sample> out, CorpusValues v) {
        for (int k = 0; k < 24; k++) {
            String email = CorpusValues.EMAILS.get(k % CorpusValues.EMAILS.size());
            String phone = CorpusValues.PHONES.get((k * 5) % CorpusValues.PHONES.size());
            String iban = v.iban(k + 1);
            String card = v.card(k + 5);
            String ip = v.ipv4(k);
            String key = v.apiKey(k);
            List<Entity> entities = new ArrayList<>();
            String text;
            switch (k % 6) {
                case 0 -> {
                    text = "Hi team, the customer (" + email + ", " + phone + ") wants a refund to " + iban
                            + ". Order #" + (4_000_000 + k * 7919) + " from 2024-03-" + (10 + k % 18) + ".";
                    entities.add(new Entity("EMAIL_ADDRESS", email));
                    entities.add(new Entity("PHONE_NUMBER", phone));
                    entities.add(new Entity("IBAN_CODE", iban));
                }
                case 1 -> {
                    text = "Sehr geehrte Damen und Herren, bitte buchen Sie den Betrag von 1.299,00 € von der Karte "
                            + card + " ab. Rückfragen an " + email + ". Version 2.4.1 der App.";
                    entities.add(new Entity("CREDIT_CARD", card));
                    entities.add(new Entity("EMAIL_ADDRESS", email));
                }
                case 2 -> {
                    text = "export NVIDIA_API_KEY=" + key + "\ncurl -H 'X-Forwarded-For: " + ip
                            + "' https://api.example.com/v1/models  # build 10.0.19045.3803";
                    entities.add(new Entity("API_KEY", key));
                    entities.add(new Entity("IP_ADDRESS", ip));
                    entities.add(new Entity("URL", "https://api.example.com/v1/models"));
                }
                case 3 -> {
                    text = "{\"tool\": \"send_invoice\", \"args\": {\"to\": \"" + email + "\", \"iban\": \"" + iban
                            + "\", \"amount\": 129.5, \"due\": \"2024-06-30\"}}";
                    entities.add(new Entity("EMAIL_ADDRESS", email));
                    entities.add(new Entity("IBAN_CODE", iban));
                }
                case 4 -> {
                    String wallet = v.bitcoin(k);
                    text = "Bonjour, envoyez 0,015 BTC à " + wallet + " puis appelez le " + phone
                            + " (réf. commande 2024-118273).";
                    entities.add(new Entity("CRYPTO", wallet));
                    entities.add(new Entity("PHONE_NUMBER", phone));
                }
                default -> {
                    String mac = v.mac(k);
                    text = "デバイス " + mac + " が " + ip + " から接続しました。担当者: " + email + "（" + phone + "）";
                    entities.add(new Entity("MAC_ADDRESS", mac));
                    entities.add(new Entity("IP_ADDRESS", ip));
                    entities.add(new Entity("EMAIL_ADDRESS", email));
                    entities.add(new Entity("PHONE_NUMBER", phone));
                }
            }
            String lang = switch (k % 6) {
                case 1 -> "de";
                case 4 -> "fr";
                case 5 -> "ja";
                default -> "en";
            };
            out.add(new Sample(lang, k % 6 == 3 ? "json" : k % 6 == 2 ? "shell" : "prose", text, entities));
        }
        // Written the way people write them, not the way a generator would.
        out.add(sample("en", "prose", "Call me back at 4155552671 tonight.", "PHONE_NUMBER", "4155552671"));
        out.add(sample("es", "prose", "Mi móvil es 612345678, llámame.", "PHONE_NUMBER", "612345678"));
        out.add(sample("fr", "prose", "Mon portable : 06.12.34.56.78 (après 18h).", "PHONE_NUMBER", "06.12.34.56.78"));
        out.add(sample("de", "prose", "Handy 01711234567, Festnetz siehe Signatur.", "PHONE_NUMBER", "01711234567"));
        out.add(sample("en", "markdown", "[Call us](tel:+14155552671) any time.", "PHONE_NUMBER", "+14155552671"));
        out.add(sample("en", "prose", "Toll-free: 1-800-555-0199.", "PHONE_NUMBER", "1-800-555-0199"));
        out.add(sample("de", "prose", "Meine IBAN: de89 3704 0044 0532 0130 00", "IBAN_CODE", "de89 3704 0044 0532 0130 00"));
        out.add(sample("en", "prose", "Authorization: Bearer sk-Zq8Lr2mN4vT9pQ7wY1sK3dF6hJ0aB5cE8gU",
                "API_KEY", "sk-Zq8Lr2mN4vT9pQ7wY1sK3dF6hJ0aB5cE8gU"));
        out.add(sample("en", "markdown", "See [the docs](https://docs.example.com/setup) for details.", "URL",
                "https://docs.example.com/setup"));
        out.add(sample("en", "prose", "Connect to [2001:db8::42]:443 from the VPN.", "IP_ADDRESS", "2001:db8::42"));
        out.add(sample("en", "prose", "Whitelist 10.20.30.40:8443 on the firewall.", "IP_ADDRESS", "10.20.30.40"));
        out.add(sample("en", "prose", "Send to BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4 please.", "CRYPTO",
                "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
        out.add(sample("ja", "prose", "詳細はhttps://example.jp/faq?id=12を参照してください。", "URL", "https://example.jp/faq?id=12"));
        out.add(sample("es", "prose", "Escríbeme a <maria@example.es> cuando puedas.", "EMAIL_ADDRESS", "maria@example.es"));
        out.add(sample("fr", "prose", "Le numéro de carte 4970 1012 3456 7893 a expiré.", "CREDIT_CARD", "4970 1012 3456 7893"));
    }

    // ---- hard negatives ----------------------------------------------------------------------------------

    private static void negatives(List<Sample> out, CorpusValues v) {
        List<String> texts = new ArrayList<>(List.of(
                // order numbers, invoices, ids
                "Order #48213377 shipped on 2024-03-15.", "Bestellnummer: ORD-2024-118273", "Invoice INV-000123456 is overdue.",
                "Référence client : 2024/000187, dossier n° 55-1123.", "Número de pedido 1000234567 confirmado.",
                "注文番号は20240315-0042です。", "Ticket JIRA-4821 and PR #1193 are linked.", "Customer id 7734120098 (internal).",
                "Tracking 1Z999AA10123456784 via UPS.", "Room 1204, floor 12, badge 00451.",
                // versions and builds
                "Upgrade to version 1.2.3.4 before Monday.", "Running v10.0.0 on the edge nodes.",
                "Windows build 10.0.19045.3803 is affected.", "release 2.14.1-rc2 fixes the leak", "nginx/1.25.3 returned 502",
                "Die Version 4.0.0.1 ist veraltet.", "Firmware 3.10.2.15 installiert.", "Mise à jour vers la version 6.1.0.0 requise.",
                "La versión 8.0.1.2 ya está disponible.", "バージョン1.2.3.4に更新してください。", "CUDA 12.4, driver 550.54.15, vLLM 0.6.3.post1",
                // dates and times
                "Meeting on 2024-03-15 at 14:30:00 UTC.", "Termin am 15.03.2024 um 09:15 Uhr.", "Le 03/15/2024 à 10h30.",
                "Fecha: 2024/03/05 12:45", "2024-03-15T10:20:30.123Z ERROR timeout after 30000ms", "12:30:45 - 13:05:10 elapsed",
                "Q3 2024-2025 planning, weeks 12-18.",
                // identifiers that are hex or base64-ish
                "Request id 123e4567-e89b-12d3-a456-426614174000 failed.", "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
                "Fixed in a1b2c3d (see 4f3e2d1).", "image digest sha256:" + v.hex(64),
                "std::vector<int> and Foo::bar() compile fine.", "Use base64 'SGVsbG8gV29ybGQ=' as a test string.",
                // prices, amounts, measures
                "Total: $1,299.00 incl. tax.", "Preis: 1.299,00 € (netto 1.091,60 €).", "Le prix est de 2 499,99 €.",
                "Precio: 12.500.000 COP", "価格は¥12,800です。", "Throughput rose 12.5% to 3,400 req/s.",
                "Coordinates 48.8566, 2.3522 and elevation 35 m.", "pi is about 3.14159265358979",
                // ISBN and other checksummed-but-not-PII numbers
                "ISBN 978-3-16-148410-0", "ISBN-10: 0-306-40615-2", "EAN 4006381333931 on the box.",
                // look-alikes that fail validation
                "Card 4111 1111 1111 1112 was declined (test).", "Account DE89 3704 0044 0532 0130 01 is wrong.",
                "SSN 000-12-3456 is not valid.", "SSN 666-12-3456 is not valid.", "SSN 900-12-3456 is not valid.",
                "The example 123-45-6789 appears in every tutorial.", "Address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb has a typo.",
                "Not an IP: 256.1.1.1 or 1.2.3 or 01.02.03.04", "Not a MAC: 12:30:45:99 or ab-cd-ef.",
                "Not an email: jane at example dot com, @mention, foo@bar", "user@localhost is the default login",
                // keys that are too short or placeholders
                "Set OPENAI_API_KEY=sk-test in .env.example", "hf_demo is a placeholder token", "ghp_short is not a token",
                "AKIA1234 is truncated", "Use nvapi-xxx as a dummy key", "xoxb-123 is an example",
                "eyJhbGciOi is only the start of a header", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
                "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----",
                // plain prose in several languages
                "The quick brown fox jumps over the lazy dog.", "Der Bericht ist fertig und liegt im Ordner.",
                "Merci pour votre retour, nous revenons vers vous rapidement.", "Gracias por tu mensaje, te responderé pronto.",
                "明日の会議は10時からです。", "Please summarise the attached meeting notes in three bullet points.",
                "Nach Rücksprache mit dem Team verschieben wir den Release um eine Woche.",
                "localhost:8080 is the bind address in the docs.", "Port 5432, timeout 30s, retries 3.",
                // more things that only look like PII
                "See section 3.2.1.4 of the specification.", "OID 1.3.6.1.4.1.2021 is the UCD-SNMP MIB.",
                "Le budget est de 1 250 000 euros pour 2025.", "Population: 83 200 000 (2023).", "SKU 123-456-7890 is out of stock.",
                "IMEI 490154203237518 is printed on the label.", "Colors #FF5733 and rgba(0, 0, 0, 0.5).",
                "A risk-adjusted, task-based desk-top review.", "Datum 2024.03.15, Uhrzeit 10:30:00.",
                "Math: 2^32 = 4294967296 and 10^9 + 7 = 1000000007.", "Kontonummer bitte nicht per Mail schicken.",
                "Die Telefonnummer steht im Impressum.", "電話番号は後で送ります。", "Llámame mañana por la tarde.",
                "AAPL closed at 189.84, up 1.25%.", "Flight LH 2024 departs 07:45 from gate B12."));
        for (int k = 0; k < 10; k++) {
            texts.add("Random reference " + v.cardWithBadCheckDigit(k) + " (not a card).");
        }
        for (int k = 0; k < 8; k++) {
            texts.add("Prüfziffer falsch: " + v.ibanWithBadCheck(k));
        }
        for (int k = 0; k < 8; k++) {
            texts.add("Serial " + v.digits(12 + k % 8) + " and lot " + v.digits(5) + "-" + v.digits(3));
        }
        for (int k = 0; k < texts.size(); k++) {
            String text = texts.get(k);
            out.add(new Sample(languageOf(text), "negative", text, List.of()));
        }
    }

    private static String languageOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x3040) {
                return "ja";
            }
        }
        if (text.matches("(?s).*\\b(Der|Die|ist|Preis|Termin|Bestellnummer|Prüfziffer|Nach|installiert)\\b.*")) {
            return "de";
        }
        if (text.matches("(?s).*\\b(Le|Mise|Merci|Référence)\\b.*")) {
            return "fr";
        }
        if (text.matches("(?s).*\\b(La|Número|Precio|Gracias|Fecha)\\b.*")) {
            return "es";
        }
        return "en";
    }
}
