using System.Globalization;

namespace Allyward.Partners.Contracts;

/// <summary>The sales region a country belongs to, for the countries partners most often come from.</summary>
public static class Countries
{
    private static readonly Dictionary<string, Region> Regions = Build(
        (Region.NorthAmerica, "US CA"),
        (Region.LatinAmerica, "MX BR AR CL CO PE UY PY BO EC VE CR PA GT HN SV NI DO PR CU JM TT"),
        (Region.Europe, "GB IE FR DE NL BE LU CH AT IT ES PT DK NO SE FI IS PL CZ SK HU RO BG GR HR SI RS BA ME MK AL EE LV LT UA MD BY MT CY LI MC AD SM"),
        (Region.MiddleEastAfrica, "AE SA QA KW BH OM IL JO LB TR EG MA DZ TN LY NG GH KE ZA ET TZ UG RW SN CI CM AO MZ ZW ZM BW NA MU IQ IR"),
        (Region.AsiaPacific, "JP CN HK TW KR SG MY TH VN PH ID IN PK BD LK NP AU NZ KH LA MM MN FJ PG"));

    /// <summary>The region of an ISO 3166 alpha-2 country code, if known.</summary>
    public static Region? RegionOf(string country) =>
        Regions.TryGetValue(country.Trim().ToUpperInvariant(), out var region) ? region : null;

    /// <summary>Whether the text is an ISO 3166 alpha-2 country code.</summary>
    public static bool IsCountryCode(string code)
    {
        if (code.Length != 2 || !code.All(char.IsAsciiLetter)) return false;
        try
        {
            return new RegionInfo(code.ToUpperInvariant()).TwoLetterISORegionName.Equals(code, StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Dictionary<string, Region> Build(params (Region Region, string Codes)[] regions) =>
        regions.SelectMany(r => r.Codes.Split(' ').Select(code => (code, r.Region))).ToDictionary(x => x.code, x => x.Region);
}
