package dev.rustkit.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustkit.scaffolder.archetype.Problem;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;

/**
 * RFC 9457 problem details: {@code type} is left at its default ({@code about:blank}), so {@code title} is the HTTP
 * status phrase; {@code problems} lists every parameter at fault as the engine reports it (property, value, allowed,
 * message).
 */
final class ProblemDocument {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static byte[] of(int status, String detail, List<Problem> problems, String instance) {
        ObjectNode document = JSON.createObjectNode();
        document.put("title", HttpStatus.getMessage(status));
        document.put("status", status);
        if (detail != null) {
            document.put("detail", detail);
        }
        if (instance != null) {
            document.put("instance", instance);
        }
        if (!problems.isEmpty()) {
            ArrayNode list = document.putArray("problems");
            for (Problem problem : problems) {
                list.addObject()
                        .put("property", problem.property())
                        .put("value", problem.value())
                        .put("allowed", problem.allowed())
                        .put("message", problem.message());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }

    private ProblemDocument() {}
}
