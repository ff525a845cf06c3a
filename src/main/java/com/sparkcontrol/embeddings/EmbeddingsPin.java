package com.sparkcontrol.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which embedding model and dimension {@code /v1/embeddings} is pinned to, and the only place that decides
 * whether an answer may go out. The first successful answer pins its model and dimension (kept in
 * {@code <data>/embeddings-pin.json}); an answer from another model or of another dimension is refused until
 * an operator clears the pin, because vectors of two models in one vector store silently corrupt searches.
 */
@Component
public class EmbeddingsPin {

    static final String FILE = "embeddings-pin.json";

    private static final Logger log = LoggerFactory.getLogger(EmbeddingsPin.class);

    /**
     * A pin. {@code model} or {@code dimension} is null when no answer has told it yet (an answer without a
     * {@code model}, or only answers to requests that asked for fewer {@code dimensions}).
     */
    public record Pin(String model, Integer dimension, Instant pinnedAt) {
    }

    /** What an answer is allowed to do. */
    sealed interface Verdict {
        /** The answer matches the pin (which it may have completed, e.g. with a first native dimension). */
        record Accepted(Pin pin) implements Verdict {
        }

        /** There was no pin; this answer made it. */
        record Pinned(Pin pin) implements Verdict {
        }

        /** The answer comes from another model or has another dimension: withhold it. */
        record Refused(Pin pin, String model, Integer dimension) implements Verdict {
        }
    }

    private final DataDirectory data;
    private final ObjectMapper json;
    private Pin pin; // guarded by this

    EmbeddingsPin(DataDirectory data, ObjectMapper json) {
        this.data = data;
        this.json = json;
        this.pin = data.read(FILE, bytes -> json.readValue(bytes, Pin.class)).orElse(null);
        if (pin != null) {
            log.info("Embeddings pinned to model {} with dimension {} (since {})", pin.model(), pin.dimension(), pin.pinnedAt());
        }
    }

    public synchronized Optional<Pin> current() {
        return Optional.ofNullable(pin);
    }

    /**
     * Decides about one successful answer. {@code model}: the answer's model, null if it named none.
     * {@code dimension}: the length of its vectors, null if it had none. {@code requestedDimensions}: the
     * request's {@code dimensions}, null if it asked for the model's own; such an answer is checked (and pins)
     * by model only, since its shorter vectors are what the client asked for.
     */
    synchronized Verdict admit(String model, Integer dimension, Integer requestedDimensions) {
        Integer nativeDimension = requestedDimensions == null ? dimension : null;
        if (pin == null) {
            pin = new Pin(model, nativeDimension, Instant.now());
            save();
            log.info("Embeddings pinned to model {} with dimension {} (first answer)", model, nativeDimension);
            return new Verdict.Pinned(pin);
        }
        boolean otherModel = model != null && pin.model() != null && !model.equals(pin.model());
        boolean otherDimension = nativeDimension != null && pin.dimension() != null && !nativeDimension.equals(pin.dimension());
        if (otherModel || otherDimension) {
            return new Verdict.Refused(pin, model, nativeDimension);
        }
        if ((pin.model() == null && model != null) || (pin.dimension() == null && nativeDimension != null)) {
            pin = new Pin(Objects.requireNonNullElse(pin.model(), model), Objects.requireNonNullElse(pin.dimension(), nativeDimension),
                    pin.pinnedAt());
            save();
        }
        return new Verdict.Accepted(pin);
    }

    /** Forgets the pin (after the operator re-embedded their data); the next answer pins again. */
    public synchronized Optional<Pin> clear() {
        Pin cleared = pin;
        pin = null;
        try {
            Files.deleteIfExists(data.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + FILE, e);
        }
        if (cleared != null) {
            log.info("Embeddings pin cleared (was model {} with dimension {}); the next answer pins", cleared.model(),
                    cleared.dimension());
        }
        return Optional.ofNullable(cleared);
    }

    private void save() {
        try {
            data.writeAtomically(FILE, json.writeValueAsBytes(pin));
        } catch (RuntimeException | JsonProcessingException e) {
            // the pin still holds in memory; it is only lost on restart
            log.warn("Could not save the embeddings pin to {}: {}", FILE, e.toString());
        }
    }
}
