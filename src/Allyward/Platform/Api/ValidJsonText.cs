using System.Text.Json;
using System.Text.Json.Serialization;

namespace Allyward.Platform.Api;

/// <summary>
/// Text in a request must be valid Unicode: JSON can spell an unpaired UTF-16 surrogate (<c>"\ud800"</c>), which no
/// database column, page or mail can hold. The serializer refuses one in a string property as it reads it; this refuses
/// one inside free-form values (<see cref="JsonElement"/>, such as deal custom fields) the same way, so that
/// <see cref="BadRequestExceptionHandler"/> answers either with a 400 naming the field instead of a later failure.
/// </summary>
public static class ValidJsonText
{
    /// <summary>Whether the serializer refused a value because its text is not valid UTF-16 or UTF-8.</summary>
    internal static bool IsInvalidText(JsonException exception) =>
        exception.InnerException is InvalidOperationException { Message: var message } && message.Contains("UTF-", StringComparison.Ordinal);

    /// <summary>Reads a free-form value as the framework does, after checking every string and property name in it.</summary>
    internal sealed class ElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var element = JsonElement.ParseValue(ref reader);
            try
            {
                Check(element);
            }
            catch (InvalidOperationException ex)
            {
                throw new JsonException(ex.Message, ex);
            }
            return element;
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

        /// <summary>Reading the text of each string and name throws as the serializer does for text that is not valid.</summary>
        private static void Check(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray()) Check(item);
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        Check(property.Value);
                    }
                    break;
            }
        }
    }
}
