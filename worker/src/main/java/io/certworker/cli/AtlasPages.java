package io.certworker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certworker.apierror.AtlasApiError;
import io.certworker.apierror.ErrorCode;
import java.util.List;
import java.util.Optional;

/**
 * Atlas's paginated list answer, {@code {"links":[…],"results":[…],"totalCount":N}}, with its query parameters
 * {@code itemsPerPage} (1–500, default 100), {@code pageNum} (≥ 1, default 1) and {@code includeCount} (default true).
 */
final class AtlasPages {
    public static final int DEFAULT_ITEMS_PER_PAGE = 100;
    public static final int MAX_ITEMS_PER_PAGE = 500;

    private AtlasPages() {
    }

    /** Atlas's error for out-of-range paging parameters, if they are. */
    public static Optional<AtlasApiError> check(int itemsPerPage, int pageNum) {
        if (itemsPerPage < 1 || itemsPerPage > MAX_ITEMS_PER_PAGE) {
            return Optional.of(ErrorCode.INVALID_QUERY_PARAMETER.error("itemsPerPage"));
        }
        if (pageNum < 1) {
            return Optional.of(ErrorCode.INVALID_QUERY_PARAMETER.error("pageNum"));
        }
        return Optional.empty();
    }

    /**
     * One page of {@code items}, with Atlas's {@code self} link (and {@code previous}/{@code next} where there are
     * such pages) on {@code baseUrl + path}.
     */
    public static ObjectNode page(ObjectMapper json, List<? extends JsonNode> items, String baseUrl, String path,
                                  int itemsPerPage, int pageNum, boolean includeCount) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode links = answer.putArray("links");
        links.add(link(json, baseUrl + path, itemsPerPage, pageNum, includeCount, "self"));
        if (pageNum > 1) {
            links.add(link(json, baseUrl + path, itemsPerPage, pageNum - 1, includeCount, "previous"));
        }
        if ((long) pageNum * itemsPerPage < items.size()) {
            links.add(link(json, baseUrl + path, itemsPerPage, pageNum + 1, includeCount, "next"));
        }
        ArrayNode results = answer.putArray("results");
        long from = (long) (pageNum - 1) * itemsPerPage;
        for (long i = from; i < Math.min(items.size(), from + itemsPerPage); i++) {
            results.add(items.get((int) i));
        }
        if (includeCount) {
            answer.put("totalCount", items.size());
        }
        return answer;
    }

    private static ObjectNode link(ObjectMapper json, String url, int itemsPerPage, int pageNum, boolean includeCount,
                                   String rel) {
        return json.createObjectNode()
                .put("href", url + "?includeCount=" + includeCount + "&pageNum=" + pageNum + "&itemsPerPage="
                        + itemsPerPage)
                .put("rel", rel);
    }
}
