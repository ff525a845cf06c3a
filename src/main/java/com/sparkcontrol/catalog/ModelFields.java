package com.sparkcontrol.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sparkcontrol.ssh.CommandArguments;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * The fields of a catalog entry as written in YAML (bundled catalog, {@code models-overrides.yaml}) or sent by the
 * card's Advanced settings. Every field may be absent: in an override, absent means "keep the bundled value".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ModelFields(String name, String repo, String mode, Integer context, String image, List<String> flags,
        List<String> env, List<String> mods, String notes, String loadTimeout, Integer loadTimeoutMinutes, Double sizeGb) {

    static final Set<String> NAMES = Set.of("name", "repo", "mode", "context", "image", "flags", "env", "mods", "notes",
            "loadTimeout", "loadTimeoutMinutes", "sizeGb");

    static final int MIN_CONTEXT = 1024;
    static final int MAX_CONTEXT = 10_000_000;
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._,()+/:-]{1,100}");
    private static final Pattern MOD = Pattern.compile("mods/[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");
    /** Set from other fields (context, the repo) or by Spark Control; a flag repeating them would contradict the card. */
    private static final Set<String> DERIVED_FLAGS = Set.of("--max-model-len", "--model");
    /** Container env is visible in the Spark's process list and {@code docker inspect}: no secrets there. */
    /**
     * Quoting keeps our own command line safe, but launch-cluster.sh re-parses the vLLM command through further
     * shells ({@code ssh <worker> docker exec … bash -c "…"}) and splices {@code -e} values unquoted: words that
     * could expand or chain commands there are refused outright.
     */
    private static final Pattern SHELL_ACTIVE = Pattern.compile(".*[$`\\\\;&|<>!].*");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY).*");

    boolean isEmpty() {
        return this.equals(new ModelFields(null, null, null, null, null, null, null, null, null, null, null, null));
    }

    /**
     * Refuses anything that could not safely reach a command line or makes no sense for vLLM. A new model (not
     * in the bundled catalog) must name at least its repo, mode and context.
     */
    ModelFields validated(boolean newModel) {
        if (newModel) {
            if (repo == null) {
                throw new InvalidArgumentException("repo", "is required for a model that is not in the bundled catalog");
            }
            if (mode == null) {
                throw new InvalidArgumentException("mode", "is required for a model that is not in the bundled catalog");
            }
            if (context == null) {
                throw new InvalidArgumentException("context", "is required for a model that is not in the bundled catalog");
            }
        }
        if (name != null && !NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("name", "must be 1–100 letters, digits, spaces or . _ , ( ) + / : -");
        }
        if (repo != null) {
            CommandArguments.repoId("repo", repo);
        }
        if (mode != null) {
            try {
                ModelMode.parse(mode);
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException("mode", "must be 'solo' or 'cluster'");
            }
        }
        if (context != null && (context < MIN_CONTEXT || context > MAX_CONTEXT)) {
            throw new InvalidArgumentException("context", "must be between " + MIN_CONTEXT + " and " + MAX_CONTEXT + " tokens");
        }
        if (image != null) {
            CommandArguments.image("image", image);
        }
        if (flags != null) {
            CommandArguments.vllmFlags("flags", flags);
            for (String word : flags) {
                if (SHELL_ACTIVE.matcher(word).matches()) {
                    throw new InvalidArgumentException("flags", "may not contain $ ` \\ ; & | < > or ! (the launcher passes them through further shells)");
                }
                String flag = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                if (DERIVED_FLAGS.contains(flag)) {
                    throw new InvalidArgumentException("flags", "may not set " + flag + " (set the model's "
                            + (flag.equals("--model") ? "repo" : "context") + " instead)");
                }
            }
        }
        if (env != null) {
            if (env.size() > 64) {
                throw new InvalidArgumentException("env", "has more than 64 entries");
            }
            for (String assignment : env) {
                CommandArguments.envAssignment("env", assignment);
                if (SHELL_ACTIVE.matcher(assignment).matches()) {
                    throw new InvalidArgumentException("env", "values may not contain $ ` \\ ; & | < > or ! (launch-cluster.sh splices them unquoted)");
                }
                String variable = assignment.substring(0, assignment.indexOf('='));
                if (SECRET_NAME.matcher(variable).matches()) {
                    throw new InvalidArgumentException("env", variable + " looks like a secret: put it in the launcher's .env as CONTAINER_"
                            + variable + " (a command-line -e would show it in the Spark's process list)");
                }
            }
        }
        if (mods != null) {
            if (mods.size() > 16) {
                throw new InvalidArgumentException("mods", "has more than 16 entries");
            }
            for (String mod : mods) {
                if (mod == null || !MOD.matcher(mod).matches() || mod.contains("..")) {
                    throw new InvalidArgumentException("mods", "entries must look like mods/<directory> (letters, digits, . _ -)");
                }
            }
        }
        if (notes != null && notes.length() > 2000) {
            throw new InvalidArgumentException("notes", "is longer than 2000 characters");
        }
        if (loadTimeout != null && loadTimeoutMinutes != null) {
            throw new InvalidArgumentException("loadTimeout", "and loadTimeoutMinutes say the same thing: set one of them");
        }
        if (loadTimeoutMinutes != null && (loadTimeoutMinutes < 1 || loadTimeoutMinutes > 24 * 60)) {
            throw new InvalidArgumentException("loadTimeoutMinutes", "must be between 1 and 1440");
        }
        if (loadTimeout != null) {
            Duration timeout = parseTimeout(loadTimeout);
            if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new InvalidArgumentException("loadTimeout", "must be between 5s and 24h");
            }
        }
        if (sizeGb != null && (sizeGb.isNaN() || sizeGb < 0 || sizeGb > 100_000)) {
            throw new InvalidArgumentException("sizeGb", "must be between 0 and 100000");
        }
        return this;
    }

    /** A complete model from a bundled or new entry (validated with {@code newModel = true}). */
    CatalogModel toModel(String id, boolean bundled) {
        return new CatalogModel(id, name == null ? id : name, repo, ModelMode.parse(mode), context,
                image == null ? "vllm-node" : image, orEmpty(flags), orEmpty(env), orEmpty(mods), notes == null ? "" : notes,
                timeout(), sizeGb, bundled, !bundled);
    }

    /** {@code base} with every field this override sets replaced. */
    CatalogModel applyTo(CatalogModel base) {
        return new CatalogModel(base.id(), name != null ? name : base.name(), repo != null ? repo : base.repo(),
                mode != null ? ModelMode.parse(mode) : base.mode(), context != null ? context : base.context(),
                image != null ? image : base.image(), flags != null ? flags : base.flags(), env != null ? env : base.env(),
                mods != null ? mods : base.mods(), notes != null ? notes : base.notes(),
                timeout() != null ? timeout() : base.loadTimeout(),
                sizeGb != null ? sizeGb : base.sizeGb(), base.bundled(), true);
    }

    /** The load timeout from whichever of the two fields is set, or null. */
    private Duration timeout() {
        if (loadTimeoutMinutes != null) {
            return Duration.ofMinutes(loadTimeoutMinutes);
        }
        return loadTimeout == null ? null : parseTimeout(loadTimeout);
    }

    /** {@code 45m}, {@code 90s}, {@code 1h} (or ISO-8601 such as {@code PT45M}). */
    private static Duration parseTimeout(String text) {
        try {
            return DurationStyle.detectAndParse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("loadTimeout", "must be a duration such as 45m, 90s or 1h");
        }
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : new ArrayList<>(list);
    }
}
