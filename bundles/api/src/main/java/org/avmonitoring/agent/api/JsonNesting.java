package org.avmonitoring.agent.api;

import java.util.Optional;

/**
 * The one nesting rule for JSON from outside (config.json, the backend's configuration, local API bodies): at most
 * {@value #MAX_DEPTH} objects and arrays within each other. The parsers recurse once per level, so a document nested
 * hundreds deep overflowed the stack; checked on the bytes before parsing, it gets a clear refusal instead. Real
 * documents stay under ten levels.
 */
public final class JsonNesting {
    public static final int MAX_DEPTH = 32;

    private JsonNesting() {
    }

    /**
     * The problem with {@code json} if it nests deeper than {@value #MAX_DEPTH}; empty otherwise (malformed JSON is
     * the parser's to report). Brackets inside strings do not count.
     */
    public static Optional<ValidationProblem> check(byte[] json) {
        int depth = 0;
        int line = 1;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++; // the escaped character cannot end the string
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > MAX_DEPTH) {
                    return Optional.of(new ValidationProblem("", "JSON nested deeper than " + MAX_DEPTH
                            + " levels (objects and arrays within each other) at line " + line));
                }
            } else if (b == '}' || b == ']') {
                depth--;
            } else if (b == '\n') {
                line++;
            }
        }
        return Optional.empty();
    }
}
