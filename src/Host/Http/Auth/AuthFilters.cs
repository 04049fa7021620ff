namespace Middleware.Host.Http.Auth;

/// <summary>Endpoint filters: credentials for the API, an address allow-list for health and metrics.</summary>
public static class AuthFilters
{
    public const string PrincipalItem = "mw.principal";

    /// <summary>
    /// Marks the endpoints that need a credential; <see cref="UseApiCredentials"/> checks it before
    /// the endpoint runs. Not an endpoint filter: a filter runs after the body is bound, so an
    /// unauthenticated PUT with a bad body got 400 (and learned the body's shape) before 401.
    /// </summary>
    public static TBuilder RequireApiCredential<TBuilder>(this TBuilder builder, ApiAuthenticator auth, bool allowQueryToken = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CredentialRequired(auth, allowQueryToken));

    /// <summary>Answers 401 to a request for a marked endpoint without a valid credential, before binding.</summary>
    public static void UseApiCredentials(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CredentialRequired>() is { } required)
        {
            if (required.Auth.Authenticate(context, required.AllowQueryToken) is not { } principal)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
                await context.Response.WriteAsJsonAsync(new { error = "unauthorized" });
                return;
            }

            context.Items[PrincipalItem] = principal;
        }

        await next(context);
    });

    public static TBuilder RequireOpenAddress<TBuilder>(this TBuilder builder, ApiAuthenticator auth)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            auth.IsOpenFor(context.HttpContext.Connection.RemoteIpAddress) || auth.Authenticate(context.HttpContext) is not null
                ? await next(context)
                : Results.Json(new { error = "forbidden" }, statusCode: StatusCodes.Status403Forbidden));

    public static string Principal(this HttpContext context) => context.Items[PrincipalItem] as string ?? "unknown";

    private sealed record CredentialRequired(ApiAuthenticator Auth, bool AllowQueryToken);
}
