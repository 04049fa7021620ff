using Microsoft.OpenApi;

namespace Middleware.Host.Http;

/// <summary>
/// The two credentials the API takes, in openapi.json's components.securitySchemes, and required
/// by default, so a generated client knows to send them (issue 16, item 15).
/// </summary>
public static class ApiSecuritySchemes
{
    public const string ApiKey = "ApiKey";
    public const string Bearer = "Bearer";

    public static void Describe(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A key from http.api_keys",
        };
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token from http.bearer_tokens (the live stream also takes ?access_token=)",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
    }
}
