package dev.cinnabar.command;

import dev.cinnabar.protocol.ReplyWriter;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts error replies by their code (the first word: ERR, WRONGTYPE, ...), for INFO
 * errorstats and {@code total_error_replies}. Keyspace thread only.
 */
@Component
public class ErrorStats implements ReplyWriter.ErrorObserver {

    /** Redis stops tracking new codes beyond this many, so hostile input cannot grow the map. */
    private static final int MAX_CODES = 128;

    private final Map<String, Long> countsByCode = new LinkedHashMap<>();
    private long totalErrorReplies;

    @Override
    public void errorReplied(String message) {
        totalErrorReplies++;
        int space = message.indexOf(' ');
        String code = space < 0 ? message : message.substring(0, space);
        if (countsByCode.containsKey(code) || countsByCode.size() < MAX_CODES) {
            countsByCode.merge(code, 1L, Long::sum);
        }
    }

    public long totalErrorReplies() {
        return totalErrorReplies;
    }

    public Map<String, Long> countsByCode() {
        return Collections.unmodifiableMap(countsByCode);
    }

    public void reset() {
        countsByCode.clear();
        totalErrorReplies = 0;
    }
}
