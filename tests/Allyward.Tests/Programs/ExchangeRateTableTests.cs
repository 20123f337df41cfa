using System.Text;
using Allyward.Platform.Csv;
using Allyward.Programs.Currencies;

namespace Allyward.Tests.Programs;

/// <summary>Conversion at the rate of the day, without a database: the table is built from rates in memory.</summary>
public sealed class ExchangeRateTableTests
{
    private static ExchangeRate Rate(string from, string to, string on, decimal rate) =>
        new() { FromCurrency = from, ToCurrency = to, EffectiveOn = DateOnly.Parse(on), Rate = rate };

    private static DateOnly Day(string on) => DateOnly.Parse(on);

    [Fact]
    public void Amounts_convert_to_the_digits_of_the_target_currency_JPY_has_none_and_KWD_three()
    {
        var toJpy = ExchangeRateTable.FromRates("JPY", [Rate("USD", "JPY", "2026-01-01", 151.237m)]);
        Assert.Equal(15124, toJpy.Convert(10_000, "USD", Day("2026-03-01"))); // 100.00 USD = 15,123.7 JPY, rounded to whole yen

        var toKwd = ExchangeRateTable.FromRates("KWD", [Rate("USD", "KWD", "2026-01-01", 0.30712m)]);
        Assert.Equal(30_712, toKwd.Convert(10_000, "USD", Day("2026-03-01"))); // 100.00 USD = 30.712 KWD, in fils

        var toUsd = ExchangeRateTable.FromRates("USD", [Rate("JPY", "USD", "2026-01-01", 0.0066m), Rate("KWD", "USD", "2026-01-01", 3.2561m)]);
        Assert.Equal(814, toUsd.Convert(1_234, "JPY", Day("2026-01-01")));       // 1,234 JPY = 8.1444 USD
        Assert.Equal(326, toUsd.Convert(1_000, "KWD", Day("2026-01-01")));       // 1.000 KWD = 3.2561 USD → 3.26
    }

    [Fact]
    public void A_rate_stated_the_other_way_round_is_read_as_its_inverse_and_the_direct_one_wins_on_a_shared_day()
    {
        var table = ExchangeRateTable.FromRates("USD", [Rate("USD", "EUR", "2026-01-01", 0.9m)]);
        Assert.Equal(1_000, table.Convert(900, "EUR", Day("2026-01-15"))); // 9.00 EUR at 1 / 0.9
        Assert.Equal(1m / 0.9m, table.RateOn("EUR", Day("2026-01-15")));

        var both = ExchangeRateTable.FromRates("USD", [Rate("USD", "EUR", "2026-02-01", 0.5m), Rate("EUR", "USD", "2026-02-01", 1.1m)]);
        Assert.Equal(1.1m, both.RateOn("eur", Day("2026-02-01")));
        var later = ExchangeRateTable.FromRates("USD", [Rate("EUR", "USD", "2026-02-01", 1.1m), Rate("USD", "EUR", "2026-03-01", 0.8m)]);
        Assert.Equal(1.25m, later.RateOn("EUR", Day("2026-03-01")));
    }

    [Fact]
    public void The_rate_of_a_day_is_the_latest_one_in_effect_on_it_and_there_is_none_before_the_first()
    {
        var table = ExchangeRateTable.FromRates("USD", [Rate("EUR", "USD", "2026-01-01", 1.1m), Rate("EUR", "USD", "2026-02-01", 1.2m)]);
        Assert.Null(table.RateOn("EUR", Day("2025-12-31")));
        Assert.Null(table.Convert(100, "EUR", Day("2025-12-31")));
        Assert.Equal(1.1m, table.RateOn("EUR", Day("2026-01-01")));
        Assert.Equal(1.1m, table.RateOn("EUR", Day("2026-01-31"))); // the day before the new rate
        Assert.Equal(1.2m, table.RateOn("EUR", Day("2026-02-01"))); // the day it takes effect
        Assert.Equal((1.2m, Day("2026-02-01")), table.RateWithDayOn("EUR", Day("2027-06-30")));
        Assert.Null(table.RateOn("GBP", Day("2026-02-01")));
        Assert.Equal(12_345, table.Convert(12_345, "usd", Day("1990-01-01"))); // its own currency needs no rate
    }

    /// <summary>Each amount is rounded on its own, half away from zero (not to even, as banks' "banker's rounding" would).</summary>
    [Fact]
    public void Each_amount_rounds_half_away_from_zero()
    {
        var table = ExchangeRateTable.FromRates("USD", [Rate("EUR", "USD", "2026-01-01", 1.5m)]);
        Assert.Equal(5, table.Convert(3, "EUR", Day("2026-01-01")));   // 0.045 USD → 0.05 (to even would give 0.04)
        Assert.Equal(-5, table.Convert(-3, "EUR", Day("2026-01-01"))); // −0.045 → −0.05
        Assert.Equal(2, table.Convert(1, "EUR", Day("2026-01-01")));   // 0.015 → 0.02
        // Three amounts of 0.03 EUR: each rounds to 0.05, so their sum converts to 0.15, not 0.14 (the sum 0.09 EUR × 1.5 = 0.135 → 0.14).
        Assert.Equal(15, new long[] { 3, 3, 3 }.Sum(a => table.Convert(a, "EUR", Day("2026-01-01"))!.Value));
    }
}

/// <summary>The CSV reader uploads go through: encodings, separators, quoting, limits.</summary>
public sealed class ExchangeRateCsvReadingTests
{
    private static CsvTable Read(byte[] bytes, CsvLimits? limits = null)
    {
        var outcome = CsvUpload.Read(bytes, limits);
        Assert.True(outcome.Succeeded, outcome.Errors?.For(CsvUpload.Field));
        return outcome.Value!;
    }

    [Fact]
    public void Semicolons_a_byte_order_mark_and_quoted_line_breaks_are_read()
    {
        var text = "from;to;date;rate;note\r\nEUR;USD;2026-01-01;1,0825;\"two\r\nlines; with \"\"quotes\"\"\"\r\n\r\n GBP ;USD;2026-01-01;1,27;\r\n";
        var table = Read([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);
        Assert.Equal(';', table.Separator);
        Assert.Equal(["from", "to", "date", "rate", "note"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("EUR", table.Rows[0]["FROM"]);
        Assert.Equal("two\r\nlines; with \"quotes\"", table.Rows[0]["note"]);
        Assert.Equal("GBP", table.Rows[1]["from"]);
        Assert.Equal(2, table.Rows[0].Line);
        Assert.Equal(5, table.Rows[1].Line); // after the two-line row and a blank line
    }

    [Fact]
    public void Windows_1252_text_is_recognised_when_the_bytes_are_not_UTF8()
    {
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("name,city\r\nCafé Müller,Zürich €\r\n");
        var table = Read(bytes);
        Assert.Equal("Windows-1252", table.Encoding);
        Assert.Equal("Café Müller", table.Rows[0]["name"]);
        Assert.Equal("Zürich €", table.Rows[0]["city"]);
        Assert.Equal("UTF-8", Read(Encoding.UTF8.GetBytes("name\r\nCafé\r\n")).Encoding);
    }

    [Fact]
    public void Tabs_are_found_and_formula_looking_cells_stay_text()
    {
        var table = Read(Encoding.UTF8.GetBytes("a\tb\n=HYPERLINK(\"x\")\t+1\n@SUM(A1)\t-2\n"));
        Assert.Equal('\t', table.Separator);
        Assert.Equal("=HYPERLINK(\"x\")", table.Rows[0]["a"]);
        Assert.Equal("+1", table.Rows[0]["b"]);
        Assert.Equal("@SUM(A1)", table.Rows[1]["a"]);
        Assert.Equal("-2", table.Rows[1]["b"]);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,a\n1,2\n", "twice")]
    [InlineData("a,,c\n1,2,3\n", "every column needs a name")]
    [InlineData("a,b\n1,2,3\n", "Line 2 has 3 cells")]
    public void A_file_that_cannot_be_an_import_is_refused_with_a_reason(string text, string reason)
    {
        var outcome = CsvUpload.Read(Encoding.UTF8.GetBytes(text));
        Assert.False(outcome.Succeeded);
        Assert.Contains(reason, outcome.Errors!.For(CsvUpload.Field));
    }

    [Fact]
    public void Size_cell_length_and_row_count_are_capped()
    {
        Assert.Contains("larger than", CsvUpload.Read(new byte[2048], new CsvLimits(MaxBytes: 1024)).Errors!.For(CsvUpload.Field));
        Assert.Contains("longer than 5", CsvUpload.Read(Encoding.UTF8.GetBytes("a\n123456\n"), new CsvLimits(MaxCellLength: 5)).Errors!.For(CsvUpload.Field));
        Assert.Contains("more than 2 rows", CsvUpload.Read(Encoding.UTF8.GetBytes("a\n1\n2\n3\n"), new CsvLimits(MaxRows: 2)).Errors!.For(CsvUpload.Field));
        Assert.Equal(2, Read(Encoding.UTF8.GetBytes("a,b\n1\n2,\n")).Rows.Count); // short rows get empty cells
    }

    [Theory]
    [InlineData("1.0825", "1.0825")]
    [InlineData("1,0825", "1.0825")]
    [InlineData("1,350.25", "1350.25")]
    [InlineData("1.350,25", "1350.25")]
    [InlineData(" 151 ", "151")]
    public void Rates_are_read_with_either_decimal_mark(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ExchangeRates.ParseRate(text));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1e5")]
    public void Text_that_is_no_rate_is_not_read_as_one(string text) => Assert.Null(ExchangeRates.ParseRate(text));
}
