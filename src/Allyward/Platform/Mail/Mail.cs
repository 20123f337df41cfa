using System.Collections.Concurrent;
using Allyward.Platform.Outbox;
using MailKit;
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

/// <summary>Who a mail is from and how it ends, in the vendor's brand.</summary>
public sealed record MailBrand(string VendorName, string? FromName, string? FromAddress, string? Footer, string PrimaryColor);

/// <param name="brand">The vendor's brand (always there in the app; a test of the sender alone may leave it out).</param>
internal sealed class EmailHandler(MailSender sender, Branding.Brand? brand = null) : OutboxHandler<EmailMessage>
{
    protected override async Task HandleAsync(Guid messageId, EmailMessage email, CancellationToken cancellationToken)
    {
        var current = brand is null ? null : await brand.CurrentAsync(cancellationToken);
        await sender.SendAsync(messageId, email, cancellationToken, current is null ? null
            : new MailBrand(current.VendorName, current.MailFromName, current.MailFromAddress, current.Footer, current.PrimaryColor));
    }
}

/// <summary>
/// Sends one e-mail over SMTP, or writes it to the pickup folder when no SMTP host is configured. SMTP connections are
/// kept open and reused (up to <see cref="MaxIdleConnections"/> idle, each for at most <see cref="IdleLimit"/>), since
/// opening one costs several round trips and a TLS handshake; a reused connection the server has meanwhile closed is
/// replaced and the mail sent once more on a fresh one.
/// </summary>
public sealed class MailSender(IOptions<MailOptions> options, TimeProvider time) : IAsyncDisposable
{
    public const int MaxIdleConnections = 8;
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<(SmtpClient Client, DateTimeOffset IdleSince)> _idle = new();

    /// <param name="messageId">The outbox message the mail belongs to: its Message-Id and pickup file name.</param>
    /// <param name="brand">The vendor's sender and footer; without it, the configured sender and no footer.</param>
    public async Task SendAsync(Guid messageId, EmailMessage email, CancellationToken cancellationToken, MailBrand? brand = null)
    {
        var settings = options.Value;
        var text = brand?.Footer is { } footer ? $"{email.Text.TrimEnd()}\n\n--\n{footer}" : email.Text;
        var message = new MimeMessage
        {
            // The outbox id doubles as the Message-Id, so a retried delivery is recognisable as the same mail.
            MessageId = $"{messageId:N}@allyward",
            Subject = email.Subject,
            Body = new MultipartAlternative
            {
                new TextPart("plain") { Text = text },
                new TextPart("html") { Text = MailHtml.Render(email.Subject, email.Text, brand) },
            },
        };
        message.From.Add(From(settings.From, brand));
        message.To.Add(MailboxAddress.Parse(email.To));

        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            // Formatted in memory and written at once; named by message id, so a retry replaces the same file.
            using var formatted = new MemoryStream();
            message.WriteTo(formatted, cancellationToken);
            await using var file = OpenPickupFile(settings.PickupFolder, messageId);
            await file.WriteAsync(formatted.GetBuffer().AsMemory(0, (int)formatted.Length), cancellationToken);
            return;
        }

        if (TakeIdle() is { } idle)
        {
            try
            {
                await idle.SendAsync(message, cancellationToken);
                await ReturnAsync(idle);
                return;
            }
            catch (Exception ex) when (ex is ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or SmtpProtocolException)
            {
                // The server closed the connection while it was idle: once more, on a new one.
                idle.Dispose();
            }
            catch
            {
                idle.Dispose();
                throw;
            }
        }
        var smtp = await ConnectAsync(settings.Smtp, cancellationToken);
        try
        {
            await smtp.SendAsync(message, cancellationToken);
        }
        catch
        {
            smtp.Dispose();
            throw;
        }
        await ReturnAsync(smtp);
    }

    /// <summary>The vendor's sender address if set; otherwise the configured one, under the vendor's name if set.</summary>
    private static MailboxAddress From(string configured, MailBrand? brand)
    {
        var from = MailboxAddress.Parse(configured);
        if (brand is null) return from;
        if (brand.FromAddress is { } address) return new MailboxAddress(brand.FromName ?? brand.VendorName, address);
        return brand.FromName is { } name ? new MailboxAddress(name, from.Address) : from;
    }

    /// <summary>
    /// Opens a new file for the mail; only a retried message, whose file exists, empties and replaces it. Emptying an
    /// existing file, as <c>File.WriteAllBytes</c> does every time, makes ext4 write the file to disk as it is closed.
    /// </summary>
    private static FileStream OpenPickupFile(string folder, Guid messageId)
    {
        var path = Path.Combine(folder, $"{messageId:N}.eml");
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(folder);
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        }
        catch (IOException) when (File.Exists(path))
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        }
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpOptions settings, CancellationToken cancellationToken)
    {
        var smtp = new SmtpClient();
        try
        {
            await smtp.ConnectAsync(settings.Host!, settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }
            return smtp;
        }
        catch
        {
            smtp.Dispose();
            throw;
        }
    }

    /// <summary>A connection idle for less than <see cref="IdleLimit"/>; older ones are closed.</summary>
    private SmtpClient? TakeIdle()
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.Client.IsConnected && time.GetUtcNow() - idle.IdleSince < IdleLimit) return idle.Client;
            idle.Client.Dispose();
        }
        return null;
    }

    private async Task ReturnAsync(SmtpClient smtp)
    {
        if (_idle.Count < MaxIdleConnections)
        {
            _idle.Enqueue((smtp, time.GetUtcNow()));
            return;
        }
        await QuitAsync(smtp);
    }

    private static async Task QuitAsync(SmtpClient smtp)
    {
        try
        {
            await smtp.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException or OperationCanceledException)
        {
            // Closing a connection the server may already have closed.
        }
        finally
        {
            smtp.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryDequeue(out var idle)) await QuitAsync(idle.Client);
    }
}
