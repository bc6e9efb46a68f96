package dev.cinnabar.persistence.aof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a Redis 7 multi-part AOF: which files make up the dataset, one line each,
 * {@code file <name> seq <n> type <b|h|i>} (base, history, incremental). The base (if any)
 * is loaded first, then the incremental files in order; history files are leftovers of a
 * rewrite, waiting to be deleted. Unknown keys on a line are ignored, as Redis does.
 */
record AofManifest(AofFile base, List<AofFile> incrementals, List<AofFile> history) {

    /** Redis refuses manifest lines longer than this. */
    private static final int MAX_LINE_LENGTH = 1024;

    enum FileType {
        BASE('b'), HISTORY('h'), INCREMENTAL('i');

        final char code;

        FileType(char code) {
            this.code = code;
        }

        static FileType of(String code) {
            for (FileType type : values()) {
                if (code.length() == 1 && code.charAt(0) == type.code) {
                    return type;
                }
            }
            return null;
        }
    }

    record AofFile(String name, long sequence, FileType type) {

        boolean isRdb() {
            return name.endsWith(".rdb");
        }
    }

    AofManifest {
        incrementals = List.copyOf(incrementals);
        history = List.copyOf(history);
    }

    static AofManifest empty() {
        return new AofManifest(null, List.of(), List.of());
    }

    /** The files to load, base first. */
    List<AofFile> loadOrder() {
        List<AofFile> files = new ArrayList<>();
        if (base != null) {
            files.add(base);
        }
        files.addAll(incrementals);
        return files;
    }

    AofFile lastIncremental() {
        return incrementals.isEmpty() ? null : incrementals.get(incrementals.size() - 1);
    }

    long highestIncrementalSequence() {
        return incrementals.stream().mapToLong(AofFile::sequence).max().orElse(0);
    }

    AofManifest withIncremental(AofFile file) {
        List<AofFile> files = new ArrayList<>(incrementals);
        files.add(file);
        return new AofManifest(base, files, history);
    }

    String format() {
        StringBuilder text = new StringBuilder();
        if (base != null) {
            line(text, base);
        }
        for (AofFile file : history) {
            line(text, file);
        }
        for (AofFile file : incrementals) {
            line(text, file);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, AofFile file) {
        text.append("file ").append(quoted(file.name())).append(" seq ").append(file.sequence()).append(" type ")
                .append(file.type().code).append('\n');
    }

    /** A name with spaces or quotes is written as a quoted string, as Redis's sdscatrepr does. */
    private static String quoted(String name) {
        boolean plain = !name.isEmpty() && name.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\'');
        if (plain) {
            return name;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> quoted.append('\\').append((char) c);
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c >= ' ' && c < 127) {
                        quoted.append((char) c);
                    } else {
                        quoted.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** Parses a manifest, with Redis's checks; {@code source} names the file in error messages. */
    static AofManifest parse(String text, String source) {
        AofFile base = null;
        List<AofFile> incrementals = new ArrayList<>();
        List<AofFile> history = new ArrayList<>();
        long lastIncrementalSequence = 0;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.length() > MAX_LINE_LENGTH) {
                throw invalid(source, lineNumber, "the line is too long");
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> words = words(trimmed, source, lineNumber);
            if (words.size() % 2 != 0) {
                throw invalid(source, lineNumber, "the keys and values are not in pairs");
            }
            String name = null;
            String sequence = null;
            String type = null;
            for (int i = 0; i < words.size(); i += 2) {
                switch (words.get(i)) {
                    case "file" -> name = words.get(i + 1);
                    case "seq" -> sequence = words.get(i + 1);
                    case "type" -> type = words.get(i + 1);
                    default -> {
                        // a key of a later Redis version
                    }
                }
            }
            FileType fileType = type == null ? null : FileType.of(type);
            if (name == null || sequence == null || fileType == null) {
                throw invalid(source, lineNumber, "a file, seq or type is missing or unknown");
            }
            long seq;
            try {
                seq = Long.parseLong(sequence);
            } catch (NumberFormatException e) {
                throw invalid(source, lineNumber, "the seq is not a number");
            }
            AofFile file = new AofFile(name, seq, fileType);
            switch (fileType) {
                case BASE -> {
                    if (base != null) {
                        throw invalid(source, lineNumber, "more than one base file");
                    }
                    base = file;
                }
                case HISTORY -> history.add(file);
                case INCREMENTAL -> {
                    if (seq <= lastIncrementalSequence) {
                        throw invalid(source, lineNumber, "the incremental files are out of order");
                    }
                    lastIncrementalSequence = seq;
                    incrementals.add(file);
                }
            }
        }
        return new AofManifest(base, incrementals, history);
    }

    /** Splits a line into words; a word may be a double-quoted string with backslash escapes. */
    private static List<String> words(String line, String source, int lineNumber) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            if (c == '"') {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char q = line.charAt(i++);
                    if (q == '"') {
                        closed = true;
                        break;
                    }
                    if (q == '\\' && i < line.length()) {
                        char escaped = line.charAt(i++);
                        switch (escaped) {
                            case 'n' -> word.append('\n');
                            case 'r' -> word.append('\r');
                            case 't' -> word.append('\t');
                            case 'x' -> {
                                if (i + 2 > line.length()) {
                                    throw invalid(source, lineNumber, "a bad escape in a quoted name");
                                }
                                word.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                                i += 2;
                            }
                            default -> word.append(escaped);
                        }
                    } else {
                        word.append(q);
                    }
                }
                if (!closed) {
                    throw invalid(source, lineNumber, "an unbalanced quote");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    word.append(line.charAt(i++));
                }
            }
            words.add(word.toString());
        }
        return words;
    }

    private static AofLoadException invalid(String source, int lineNumber, String problem) {
        return new AofLoadException("Invalid AOF manifest file format in " + source + " at line " + lineNumber
                + ": " + problem);
    }
}
