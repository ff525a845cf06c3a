package com.sparkcontrol.audio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts speakers on a transcript's words. Each word gets the speaker whose diarization segment overlaps it
 * most. The rules for the edge cases, so the answer is always the same:
 * <ul>
 * <li>equal overlaps (a word split evenly by a border): the segment that starts first wins, then the
 *     speaker label in alphabetical order;</li>
 * <li>no overlap at all (a word in a pause, or a zero-length word, also one exactly on a border): the
 *     segment nearest to the word's middle (distance 0 when inside, borders included), ties as above;</li>
 * <li>no segments: the speaker is null.</li>
 * </ul>
 * Consecutive words of one speaker form a segment.
 */
final class SpeakerMerge {

    private static final double EPSILON = 1e-9;

    record SpeakerSegment(double start, double end, String speaker) {}

    record LabelledWord(String word, double start, double end, String speaker) {}

    record Turn(String speaker, double start, double end, String text) {}

    record Result(List<LabelledWord> words, List<Turn> segments, List<String> speakers) {}

    private SpeakerMerge() {}

    static Result merge(List<Transcript.Word> words, List<SpeakerSegment> segments) {
        List<LabelledWord> labelled = new ArrayList<>(words.size());
        for (Transcript.Word word : words) {
            labelled.add(new LabelledWord(word.word(), word.start(), word.end(), speakerOf(word, segments)));
        }
        List<Turn> turns = new ArrayList<>();
        Set<String> speakers = new LinkedHashSet<>();
        int from = 0;
        for (int i = 1; i <= labelled.size(); i++) {
            if (i == labelled.size() || !sameSpeaker(labelled.get(i).speaker(), labelled.get(from).speaker())) {
                List<LabelledWord> run = labelled.subList(from, i);
                LabelledWord first = run.get(0);
                turns.add(new Turn(first.speaker(), first.start(), run.get(run.size() - 1).end(),
                        String.join(" ", run.stream().map(LabelledWord::word).toList())));
                if (first.speaker() != null) {
                    speakers.add(first.speaker());
                }
                from = i;
            }
        }
        return new Result(labelled, turns, List.copyOf(speakers));
    }

    static String speakerOf(Transcript.Word word, List<SpeakerSegment> segments) {
        SpeakerSegment best = null;
        double bestOverlap = 0;
        for (SpeakerSegment s : segments) {
            double overlap = Math.min(word.end(), s.end()) - Math.max(word.start(), s.start());
            if (overlap > EPSILON && (best == null || overlap > bestOverlap + EPSILON
                    || Math.abs(overlap - bestOverlap) <= EPSILON && before(s, best))) {
                best = s;
                bestOverlap = overlap;
            }
        }
        if (best != null) {
            return best.speaker();
        }
        double middle = word.middle();
        double bestDistance = Double.MAX_VALUE;
        for (SpeakerSegment s : segments) {
            double distance = middle < s.start() ? s.start() - middle : middle > s.end() ? middle - s.end() : 0;
            if (best == null || distance < bestDistance - EPSILON
                    || Math.abs(distance - bestDistance) <= EPSILON && before(s, best)) {
                best = s;
                bestDistance = distance;
            }
        }
        return best == null ? null : best.speaker();
    }

    private static boolean before(SpeakerSegment a, SpeakerSegment b) {
        if (Math.abs(a.start() - b.start()) > EPSILON) {
            return a.start() < b.start();
        }
        return a.speaker().compareTo(b.speaker()) < 0;
    }

    private static boolean sameSpeaker(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
