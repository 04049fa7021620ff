namespace Middleware.Host.Http;

/// <summary>
/// Headers every answer of the ops console carries (issue 16, item 15; OWASP Secure Headers):
/// no MIME sniffing of API JSON into script, no framing of the dashboard by another site
/// (X-Frame-Options for old browsers, CSP frame-ancestors for current ones), and no referrer
/// leaking call ids in URLs to other origins.
/// </summary>
public static class SecurityHeaders
{
    public static void UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    });
}
