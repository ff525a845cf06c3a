/**
 * The simulated GPU backends: real HTTP servers on loopback that answer as vLLM, Kokoro-FastAPI, Parakeet
 * (NIM health + the OpenAI-shaped transcription), the per-chunk diarizer and text-embeddings-inference do,
 * per {@code reference/backend-contracts.md}. The {@code demo} profile and the integration tests use them
 * as the real upstreams.
 *
 * <h2>Shared behaviour ({@link com.sparkcontrol.sim.backends.SimHttpBackend})</h2>
 * <ul>
 *   <li>The port is fixed at construction (0 picks a free one); {@code up()} binds it, {@code down()} closes
 *       every connection and interrupts handlers, so streams and hung requests end at once.</li>
 *   <li>Counters per path ({@code requestCount/inFlight/maxConcurrency(path)}) and for the "work" endpoints as
 *       a group (no-argument forms). Health, model lists and metrics are not work, so pollers never inflate
 *       the high-water mark. Counters are released just before a response completes, so strictly sequential
 *       clients never show an overlap.</li>
 *   <li>{@code setResponseDelay} and {@code hang} apply to work endpoints only; health keeps answering, as a
 *       wedged GPU's HTTP front end usually does. {@code reset()} zeroes counters and clears every fault.</li>
 * </ul>
 *
 * <h2>Simulated speech</h2>
 * {@link com.sparkcontrol.sim.backends.WavScript} WAVs carry their script in a RIFF INFO chunk and sound each
 * speaker as a tone at that speaker's pitch. Parakeet and the diarizer hear the script when it fits the
 * audio; otherwise (the metadata was dropped, or a whole-recording script was copied onto a slice) they find
 * the voices by pitch and, for Parakeet, use deterministic stand-in words. Audio with no recognisable voice,
 * silence included, is heard as one unknown voice talking throughout, so every WAV yields text.
 *
 * <h2>Where the simulator departs from a word of the brief or the contract, and why</h2>
 * <ul>
 *   <li>TEI statuses follow TEI's source ({@code router/src/http/server.rs}): {@code Validation} is 413 (batch
 *       over 32, input over 512 tokens, an empty string), {@code Tokenizer} is 422, {@code Empty} is 400. The
 *       contract's "Validation or Tokenizer: 422" does not match that source, and public bug reports show
 *       {@code {"message":"Input validation error: ...","code":413,"type":"Validation"}}. A malformed body is
 *       axum's plain-text 400/415/422.</li>
 *   <li>vLLM's chat default for {@code max_tokens} is the rest of the context; here it is 16 for both routes,
 *       so a forgotten limit does not stream for minutes. The fake model echoes the last user message's words,
 *       cycling until {@code max_tokens} (finish {@code length}) unless a {@code stop} string ends it.
 *       {@code n > 1}, logprobs, tools and reasoning fields are not simulated.</li>
 *   <li>Kokoro's default {@code response_format} is mp3, which the simulator cannot encode: such requests get
 *       a 400 {@code validation_error} that says so. Clients must ask for wav or pcm.</li>
 *   <li>Parakeet's verbose_json {@code language} echoes the request's {@code language} (or {@code auto}), and
 *       {@code words} is null unless word granularity is asked for, as in the community server.</li>
 *   <li>The diarizer answers the §4.3 chunk shape only; the §4.4 proposal's {@code chunk_offset_s} and
 *       {@code known_speakers} are ignored. Use {@code WavScript.slice} for chunks that keep their script.</li>
 *   <li>Pitches identify voices: the 54 Kokoro voices never share one; two other speaker ids share one about
 *       once in 800 pairs and are then one voice to the diarizer.</li>
 * </ul>
 */
package com.sparkcontrol.sim.backends;
