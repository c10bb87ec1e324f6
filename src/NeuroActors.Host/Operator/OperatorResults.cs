namespace NeuroActors.Host.Operator;

/// <summary>
/// The operator API's answers: JSON bodies; every refusal is <c>{"error": "one line for a person"}</c> with its status
/// (400 bad input, 401/403 access, 404 not found, 409 refused in this state, 503 the cluster cannot answer now), which
/// neuroctl prints as it is.
/// </summary>
public static class OperatorResults
{
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);

    public static IResult Unavailable(string message) => Error(StatusCodes.Status503ServiceUnavailable, message);
}
