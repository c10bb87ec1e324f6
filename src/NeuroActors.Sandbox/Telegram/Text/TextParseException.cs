namespace NeuroActors.Sandbox.Telegram.Text;

/// <summary>A parse_mode error; the message is the part after "Bad Request: can't parse entities: ".</summary>
internal sealed class TextParseException : Exception
{
    public TextParseException()
    {
    }

    public TextParseException(string message)
        : base(message)
    {
    }

    public TextParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
