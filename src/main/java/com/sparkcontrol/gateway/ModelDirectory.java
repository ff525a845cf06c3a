package com.sparkcontrol.gateway;

import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.gateway.BackendReadiness.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Which models are up, across the backends ({@code GET /v1/models}, the 404 for a model nobody serves), and what
 * a model name means once aliases apply. An alias maps a name clients send to a served model id, or to a
 * backend's name ({@code llm}, {@code tts}, {@code stt}, {@code embeddings}) meaning "whatever it serves now", so
 * an app configured with {@code gpt-4o} follows every swap.
 */
@Component
class ModelDirectory {

    private static final List<Backend> LISTED = List.of(Backend.LLM, Backend.TTS, Backend.STT, Backend.EMBEDDINGS);

    private final BackendReadiness readiness;
    private final Map<String, String> aliases;

    ModelDirectory(BackendReadiness readiness, GatewayProperties properties) {
        this.readiness = readiness;
        this.aliases = properties.aliases();
    }

    List<ModelCard> up() {
        List<ModelCard> all = new ArrayList<>();
        for (Backend backend : LISTED) {
            all.addAll(readiness.of(backend).models());
        }
        return all;
    }

    List<String> idsUp() {
        return up().stream().map(ModelCard::id).distinct().toList();
    }

    /** The model a request means: the alias target when {@code requested} is an alias, else itself. */
    String resolve(String requested) {
        if (requested == null) {
            return null;
        }
        String target = aliases.get(requested);
        if (target == null) {
            return requested;
        }
        for (Backend backend : Backend.values()) {
            if (backend.key().equals(target.toLowerCase(Locale.ROOT))) {
                String served = readiness.of(backend).model();
                return served == null ? requested : served;
            }
        }
        return target;
    }

    /**
     * True when the LLM serves {@code model}. Decided from the recent readiness; only a model that neither the LLM
     * nor the embeddings service is known to serve makes it look again (a swap may just have loaded it).
     */
    boolean llmServes(String model) {
        if (model == null) {
            return false;
        }
        if (serves(readiness.recent(Backend.LLM).models(), model)) {
            return true;
        }
        if (serves(readiness.recent(Backend.EMBEDDINGS).models(), model)) {
            return false;
        }
        return serves(readiness.refresh(Backend.LLM).models(), model);
    }

    /** True when the LLM list is known and names none of it: then the 404 is certain, not a guess. */
    boolean llmKnownNotToServe(String model) {
        BackendReadiness.Readiness llm = readiness.recent(Backend.LLM);
        if (!llm.ready() || serves(llm.models(), model)) {
            return false;
        }
        llm = readiness.refresh(Backend.LLM);
        return llm.ready() && !serves(llm.models(), model);
    }

    private static boolean serves(List<ModelCard> cards, String model) {
        return cards.stream().anyMatch(card -> card.id().equals(model));
    }
}
