namespace Allyward.Client;

/// <summary>NSwag 14.8 does not emit its FileParameter class for an OpenAPI 3.1 form whose file property is a $ref
/// (as Microsoft.AspNetCore.OpenApi writes IFormFile), though the upload methods use it; this is its shape.</summary>
public sealed class FileParameter(Stream data, string? fileName = null, string? contentType = null)
{
    public Stream Data { get; } = data;
    public string? FileName { get; } = fileName;
    public string? ContentType { get; } = contentType;
}
