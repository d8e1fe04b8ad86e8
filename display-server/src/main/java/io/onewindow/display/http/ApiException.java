package io.onewindow.display.http;

/**
 * A request the API refuses, with the HTTP status and the error code of API.md's error JSON. Thrown by handlers
 * (or passed to {@code RoutingContext.fail}) and answered by the router's one failure handler.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }
}
