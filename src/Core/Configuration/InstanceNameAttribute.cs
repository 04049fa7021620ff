using System.ComponentModel.DataAnnotations;

namespace Middleware.Core.Configuration;

/// <summary>
/// The name of one configured instance (a PBX, a CRM, a capture): only letters, digits, '.', '_'
/// and '-', because it becomes an event's source, a call-id prefix, a write-back allow-list key and
/// part of metric labels and broker headers. Pair it with [Required].
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InstanceNameAttribute : RegularExpressionAttribute
{
    public InstanceNameAttribute()
        : base("^[A-Za-z0-9_.-]+$") => ErrorMessage = "use letters, digits, '.', '_' or '-'";
}
