using Allyward.Platform.Outbox;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Allyward.Platform.Mail;

public sealed class MailOptions
{
    public string From { get; set; } = "Allyward <no-reply@allyward.local>";

    /// <summary>Where mail goes when no SMTP host is configured: one <c>.eml</c> file per message.</summary>
    public string PickupFolder { get; set; } = "data/mail";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary><c>Auto</c>, <c>None</c>, <c>SslOnConnect</c> or <c>StartTls</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
}

/// <summary>An e-mail to send, queued through the outbox.</summary>
public sealed record EmailMessage(string To, string Subject, string Text) : IOutboxPayload
{
    public static string Type => "email";
}

internal sealed class EmailHandler(MailSender sender) : OutboxHandler<EmailMessage>
{
    protected override Task HandleAsync(Guid messageId, EmailMessage email, CancellationToken cancellationToken) =>
        sender.SendAsync(messageId, email, cancellationToken);
}

/// <summary>Sends one e-mail over SMTP, or writes it to the pickup folder when no SMTP host is configured.</summary>
public sealed class MailSender(IOptions<MailOptions> options)
{
    /// <param name="messageId">The outbox message the mail belongs to: its Message-Id and pickup file name.</param>
    public async Task SendAsync(Guid messageId, EmailMessage email, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var message = new MimeMessage
        {
            // The outbox id doubles as the Message-Id, so a retried delivery is recognisable as the same mail.
            MessageId = $"{messageId:N}@allyward",
            Subject = email.Subject,
            Body = new TextPart("plain") { Text = email.Text },
        };
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(email.To));

        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            Directory.CreateDirectory(settings.PickupFolder);
            // Formatted in memory and written at once; named by message id, so a retry replaces the same file.
            using var formatted = new MemoryStream();
            message.WriteTo(formatted, cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(settings.PickupFolder, $"{messageId:N}.eml"), formatted.GetBuffer().AsMemory(0, (int)formatted.Length), cancellationToken);
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.UserName))
        {
            await smtp.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? "", cancellationToken);
        }
        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(true, cancellationToken);
    }
}
