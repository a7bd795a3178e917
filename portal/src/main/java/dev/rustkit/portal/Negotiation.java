package dev.rustkit.portal;

import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** What {@code GET /} answers: command-line clients by User-Agent (as Initializr does), everyone else by Accept. */
enum Negotiation {
    PAGE, TEXT, JSON;

    private static final List<String> COMMAND_LINE_AGENTS = List.of("curl/", "httpie/", "wget/");

    static Negotiation of(HttpFields headers) {
        String agent = headers.get(HttpHeader.USER_AGENT);
        if (agent != null) {
            String lower = agent.toLowerCase(Locale.ROOT);
            if (COMMAND_LINE_AGENTS.stream().anyMatch(lower::startsWith)) {
                return TEXT;
            }
        }
        // Best first; q=0 types are left out by Jetty.
        for (String type : headers.getQualityCSV(HttpHeader.ACCEPT)) {
            switch (type.toLowerCase(Locale.ROOT)) {
                case "text/html", "application/xhtml+xml" -> { return PAGE; }
                case "application/json" -> { return JSON; }
                case "text/plain", "text/*", "*/*" -> { return TEXT; }
                default -> { }
            }
        }
        return TEXT;
    }
}
