namespace NeuroActors.Sandbox.Telegram.Control;

/// <summary>A control API error, answered as <c>{"error": "..."}</c> with <see cref="StatusCode"/>.</summary>
internal sealed class ControlApiException : Exception
{
    public ControlApiException()
        : this(StatusCodes.Status400BadRequest, "bad request")
    {
    }

    public ControlApiException(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    public ControlApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
    }

    public ControlApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }

    public static ControlApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ControlApiException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}
