using System.ComponentModel.DataAnnotations;
using Middleware.Core.Configuration;

namespace Middleware.Core.Tests.Configuration;

public class InstanceNameAttributeTests
{
    private sealed class Named
    {
        [Required]
        [InstanceName]
        public string Name { get; set; } = "";
    }

    [Theory]
    [InlineData("pbx1", true)]
    [InlineData("crm.eu-west_2", true)]
    [InlineData("pbx 1", false)]
    [InlineData("pbx:1", false)]
    [InlineData("客服", false)]
    public void Names_are_letters_digits_dots_underscores_and_dashes(string name, bool valid)
    {
        var results = new List<ValidationResult>();
        var named = new Named { Name = name };

        var ok = Validator.TryValidateObject(named, new ValidationContext(named), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        if (!valid)
        {
            Assert.Equal("use letters, digits, '.', '_' or '-'", Assert.Single(results).ErrorMessage);
        }
    }

    [Fact]
    public void A_bad_name_in_yaml_is_reported_at_its_key()
    {
        var error = Assert.Throws<ConfigException>(() => YamlOptionsBinder.Parse<Named>("name: 'pbx one'\n", "sources.yaml"));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("name", problem.Key);
        Assert.Contains("use letters", problem.Message, StringComparison.Ordinal);
    }
}
