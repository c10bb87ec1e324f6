using System.Globalization;

namespace NeuroActors.Domain.Catalog;

/// <summary>One thing wrong with a catalogue file, with where it is (line 0 when it concerns the whole file).</summary>
public sealed record CatalogProblem(string File, int Line, string Problem)
{
    public override string ToString() =>
        Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {Problem}") : $"{File}: {Problem}";
}

/// <summary>
/// A catalogue that cannot be used. The message is one line, "file:line: problem", naming the first problem
/// and how many more there are, so that a node that stops on it says exactly what to fix.
/// </summary>
public sealed class CatalogLoadException : Exception
{
    public CatalogLoadException(IReadOnlyList<CatalogProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems.Count > 0 ? problems : [new CatalogProblem("catalog", 0, "unknown problem")];
    }

    public CatalogLoadException()
        : this([])
    {
    }

    public CatalogLoadException(string message)
        : this([new CatalogProblem("catalog", 0, message)])
    {
    }

    public CatalogLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new CatalogProblem("catalog", 0, message)];
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; }

    public string File => Problems[0].File;

    public int Line => Problems[0].Line;

    public string Problem => Problems[0].Problem;

    private static string Describe(IReadOnlyList<CatalogProblem> problems)
    {
        if (problems.Count == 0)
        {
            return "catalog: unknown problem";
        }

        var first = problems[0].ToString();
        return problems.Count == 1
            ? first
            : string.Create(CultureInfo.InvariantCulture, $"{first} (and {problems.Count - 1} more problem{(problems.Count == 2 ? string.Empty : "s")})");
    }
}
