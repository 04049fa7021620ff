using System.Reflection;

namespace Middleware.Host.Http.Dashboard;

/// <summary>
/// The dashboard's files, embedded in the executable (one file to deploy, nothing fetched from the
/// internet): the page at "/", its scripts, styles and the vendored chart library under "/assets/".
/// </summary>
public static class DashboardAssets
{
    private static readonly Assembly Assembly = typeof(DashboardAssets).Assembly;
    private const string Prefix = "dashboard/";

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Serve("index.html")).ExcludeFromDescription();
        app.MapGet("/assets/{**path}", (string path) => Serve(path)).ExcludeFromDescription();
    }

    private static IResult Serve(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var stream = Assembly.GetManifestResourceStream(Prefix + path);
        return stream is null ? Results.NotFound() : Results.Stream(stream, ContentType(path));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
