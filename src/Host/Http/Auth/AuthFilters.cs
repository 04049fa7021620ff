using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Middleware.Host.Http.Auth;

/// <summary>Endpoint filters: credentials for the API, an address allow-list for health and metrics.</summary>
public static class AuthFilters
{
    public const string PrincipalItem = "mw.principal";

    public static TBuilder RequireApiCredential<TBuilder>(this TBuilder builder, ApiAuthenticator auth, bool allowQueryToken = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var principal = auth.Authenticate(context.HttpContext, allowQueryToken);
            if (principal is null)
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
                return Results.Json(new { error = "unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            context.HttpContext.Items[PrincipalItem] = principal;
            return await next(context);
        });

    public static TBuilder RequireOpenAddress<TBuilder>(this TBuilder builder, ApiAuthenticator auth)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            auth.IsOpenFor(context.HttpContext.Connection.RemoteIpAddress) || auth.Authenticate(context.HttpContext) is not null
                ? await next(context)
                : Results.Json(new { error = "forbidden" }, statusCode: StatusCodes.Status403Forbidden));

    public static string Principal(this HttpContext context) => context.Items[PrincipalItem] as string ?? "unknown";
}
