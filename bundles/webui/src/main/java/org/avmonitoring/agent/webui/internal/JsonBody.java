package org.avmonitoring.agent.webui.internal;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.jr.ob.JSON;
import org.avmonitoring.agent.api.JsonNesting;

/**
 * The one place where the API reads JSON from a client, and the JSON it writes. A body is one JSON object and nothing
 * after it; its nesting is bounded before the reader recurses into it (an 800-level array used to overflow the
 * stack of a Jetty thread) by the agent's one nesting rule, {@link JsonNesting}, as config.json and the backend's
 * configuration are.
 */
final class JsonBody {
    // the reader's own bound too, the same, should a body ever reach it unchecked
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(JsonNesting.MAX_DEPTH).build())
            .build();
    /**
     * Request and response bodies: objects read as LinkedHashMap, a repeated key keeps its last value; null members
     * are written ({@code "state": null} for a device not checked yet).
     */
    static final JSON JSON_TEXT = JSON.builder(FACTORY)
            .disable(JSON.Feature.USE_DEFERRED_MAPS, JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .build();

    private JsonBody() {
    }

    /** The body as a JSON object, or a {@link BadRequest} that says where it went wrong (never what it read). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(byte[] body) {
        if (body != null) {
            JsonNesting.check(body).ifPresent(tooDeep -> {
                throw new BadRequest("", "the body: " + tooDeep.message());
            });
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (!(JSON_TEXT.anyFrom(parser) instanceof Map<?, ?> m)) {
                throw new BadRequest("", "the body must be a JSON object");
            }
            if (somethingFollows(parser)) {
                throw new BadRequest("", "the body must be one JSON object with nothing after it (text follows at "
                        + where(parser.currentLocation()) + ")");
            }
            return (Map<String, Object>) m;
        } catch (StreamConstraintsException e) {
            throw new BadRequest("", "the body: JSON nested deeper than " + JsonNesting.MAX_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            // where, not what: the parser quotes the source text, which may be a password
            throw new BadRequest("", "the body must be a JSON object (malformed JSON at " + where(e.getLocation()) + ")");
        } catch (IOException e) {
            throw new BadRequest("", "unreadable body");
        }
    }

    private static boolean somethingFollows(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() != null;
        } catch (JsonProcessingException e) {
            return true; // not even a token: garbage
        }
    }

    private static String where(JsonLocation at) {
        return at == null ? "an unknown place" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
