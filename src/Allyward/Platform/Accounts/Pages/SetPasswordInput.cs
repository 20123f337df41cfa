using System.ComponentModel.DataAnnotations;

namespace Allyward.Platform.Accounts.Pages;

public sealed class SetPasswordInput
{
    [Required(ErrorMessage = "Choose a password."), StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string ConfirmPassword { get; set; } = "";
}
