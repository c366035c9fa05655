package com.seqtag.text;

import java.util.Set;

/** Decides whether a word followed by a period keeps it as an abbreviation, as CoNLL-2003 does. */
final class Abbreviations {

    /**
     * Abbreviations common in Reuters news text, without their period. Case matters: "No." before a
     * number is an abbreviation, "no." at the end of a sentence is not.
     */
    private static final Set<String> KNOWN = Set.of(
            // titles and ranks
            "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "Sr", "Jr", "St", "Rev", "Fr",
            "Hon", "Gen", "Col", "Lt", "Capt", "Sgt", "Maj", "Adm", "Cmdr", "Gov", "Sen", "Rep",
            "Pres", "Esq",
            // companies and organisations
            "Corp", "Inc", "Ltd", "Co", "Cos", "Bros", "Assn", "Dept", "Univ", "Intl",
            // months
            "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
            // U.S. states as Reuters datelines abbreviate them
            "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan",
            "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla",
            "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
            // places and references
            "Ave", "Blvd", "Rd", "Mt", "Ft", "No", "Nos", "Nr", "Vol", "vol", "Fig", "fig", "pp",
            // Latin and other lower-case abbreviations
            "vs", "etc", "cf", "al", "approx", "ca", "esp", "incl");

    /** Initialisms such as U.S., Ph.D. or e.g. have short letter-only parts; domain names don't. */
    private static final int MAX_INITIALISM_PART_LENGTH = 2;

    /**
     * Longer words are never abbreviations; the limit also keeps the check cheap when a scanner asks
     * about every prefix of a pathological, very long word.
     */
    private static final int MAX_LENGTH = 16;

    private Abbreviations() {
    }

    /** True if {@code text[start, end)}, a word without its period, keeps a period right after it. */
    static boolean keepsPeriod(String text, int start, int end) {
        if (end <= start || end - start > MAX_LENGTH) {
            return false;
        }
        return isSingleLetter(text, start, end)
                || isInitialism(text, start, end)
                || KNOWN.contains(text.substring(start, end));
    }

    private static boolean isSingleLetter(String text, int start, int end) {
        int first = text.codePointAt(start);
        return start + Character.charCount(first) == end && Character.isLetter(first);
    }

    private static boolean isInitialism(String text, int start, int end) {
        boolean sawPeriod = false;
        int partLength = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.' && partLength > 0) {
                sawPeriod = true;
                partLength = 0;
            } else if (Character.isLetter(c) && partLength < MAX_INITIALISM_PART_LENGTH) {
                partLength++;
            } else {
                return false;
            }
        }
        return sawPeriod && partLength > 0;
    }
}
