using Allyward.Platform.Mail;
using Allyward.Platform.Outbox;
using Allyward.Tests.Infrastructure;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Allyward.Tests.Platform;

public sealed class MailTests
{
    private static OutboxMessage Message(EmailMessage email) => new()
    {
        Type = EmailMessage.Type,
        Payload = System.Text.Json.JsonSerializer.Serialize(email),
    };

    [Fact]
    public async Task With_an_smtp_host_mail_goes_to_the_server_with_the_outbox_id_as_message_id()
    {
        await using var sink = new SmtpSink();
        var options = new MailOptions { From = "Allyward <noreply@example.org>", Smtp = { Host = "127.0.0.1", Port = sink.Port, Security = SecureSocketOptions.None } };
        var message = Message(new EmailMessage("partner@example.org", "Welcome", "Hello partner"));

        await new EmailHandler(new MailSender(Options.Create(options), TimeProvider.System)).HandleAsync(message, CancellationToken.None);

        var raw = Assert.Single(sink.Messages);
        Assert.Contains("To: partner@example.org", raw);
        Assert.Contains("Subject: Welcome", raw);
        Assert.Contains($"Message-Id: <{message.Id:N}@allyward>", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hello partner", raw);
    }

    [Fact]
    public async Task Mails_share_one_smtp_connection()
    {
        await using var sink = new SmtpSink();
        await using var sender = new MailSender(Options.Create(SmtpTo(sink)), TimeProvider.System);
        var handler = new EmailHandler(sender);

        foreach (var to in new[] { "one@example.org", "two@example.org", "three@example.org" })
        {
            await handler.HandleAsync(Message(new EmailMessage(to, "Deal", "News")), CancellationToken.None);
        }

        Assert.Equal(3, sink.Messages.Count);
        Assert.Equal(1, sink.Connections);
    }

    [Fact]
    public async Task A_connection_the_server_closed_is_replaced_and_the_mail_still_goes()
    {
        await using var sink = new SmtpSink(closeAfterEachMessage: true);
        await using var sender = new MailSender(Options.Create(SmtpTo(sink)), TimeProvider.System);
        var handler = new EmailHandler(sender);

        await handler.HandleAsync(Message(new EmailMessage("one@example.org", "First", "Before the server hung up")), CancellationToken.None);
        await handler.HandleAsync(Message(new EmailMessage("two@example.org", "Second", "After it hung up")), CancellationToken.None);

        Assert.Equal(2, sink.Messages.Count);
        Assert.Contains("After it hung up", sink.Messages[1]);
        Assert.Equal(2, sink.Connections);
    }

    private static MailOptions SmtpTo(SmtpSink sink) => new() { Smtp = { Host = "127.0.0.1", Port = sink.Port, Security = SecureSocketOptions.None } };

    [Fact]
    public async Task Without_an_smtp_host_mail_is_written_to_the_pickup_folder_once()
    {
        var root = Directory.CreateTempSubdirectory("allyward-mail-").FullName;
        var folder = Path.Combine(root, "mail");
        var handler = new EmailHandler(new MailSender(Options.Create(new MailOptions { PickupFolder = folder }), TimeProvider.System));
        var message = Message(new EmailMessage("partner@example.org", "Welcome", "Hello partner"));

        await handler.HandleAsync(message, CancellationToken.None);
        await handler.HandleAsync(message, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
        var written = await File.ReadAllTextAsync(file);
        Assert.Contains("Hello partner", written);
        // Written once, not appended to: one message in the file (its text and HTML versions both say hello).
        Assert.Equal(1, written.Split("Subject: Welcome").Length - 1);
        Assert.Equal("Hello partner", MimeKit.MimeMessage.Load(file).TextBody!.Trim());
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_fails_the_attempt_so_the_outbox_retries_it()
    {
        var options = new MailOptions { Smtp = { Host = "127.0.0.1", Port = 1, Security = SecureSocketOptions.None } };
        var handler = new EmailHandler(new MailSender(Options.Create(options), TimeProvider.System));
        await Assert.ThrowsAnyAsync<Exception>(() =>
            handler.HandleAsync(Message(new EmailMessage("partner@example.org", "Welcome", "Hello")), CancellationToken.None));
    }
}
