using Allyward.Ui;

namespace Allyward.Tests.Platform;

public sealed class WordsTests
{
    [Theory]
    [InlineData(0.2, "12 min")]
    [InlineData(5.5, "5 h")]
    [InlineData(30, "1 day")]
    [InlineData(80, "3 days")]
    public void Ages_say_one_day_and_several_days(double hours, string said) =>
        Assert.Equal(said, Words.Age(TimeSpan.FromHours(hours)));

    [Theory]
    [InlineData(1, "1 deal")]
    [InlineData(0, "0 deals")]
    [InlineData(1204, "1,204 deals")]
    public void Counts_take_the_plural_except_for_one(int count, string said) =>
        Assert.Equal(said, Words.Plural(count, "deal"));
}
