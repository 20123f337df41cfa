using System.Text.Json.Serialization;
using Allyward.Platform.Accounts;
using Allyward.Platform.Api;
using Allyward.Platform.Audit;
using Allyward.Platform.Data;
using Allyward.Platform.Identity;
using Allyward.Platform.Idempotency;
using Allyward.Platform.Isolation;
using Allyward.Platform.Mail;
using Allyward.Platform.Modules;
using Allyward.Platform.Notifications;
using Allyward.Platform.Outbox;
using Allyward.Platform.Seeding;
using Allyward.Platform.Tokens;
using Allyward.Ui;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace Allyward.Platform.Hosting;

/// <summary>Everything Allyward registers and maps; Program.cs reads as a table of contents of these.</summary>
public static class AllywardHost
{
    public const string SmartScheme = "Allyward";

    /// <summary>Services shared by the web host and the operator command line.</summary>
    public static IServiceCollection AddAllywardCore(this IServiceCollection services, IConfiguration configuration, IEnumerable<AllywardModule> modules)
    {
        services.Configure<AllywardOptions>(configuration.GetSection("Allyward"));
        services.Configure<MailOptions>(configuration.GetSection("Mail"));
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<CallerAccess>();
        services.AddAllywardDatabase(configuration);

        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                // Length over composition rules, as NIST SP 800-63B recommends.
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<AllywardDbContext>()
            .AddSignInManager<AllywardSignInManager>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AllywardClaimsFactory>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = UserAccounts.LinkLifetime);
        AddKeyProtection(services, configuration);

        services.AddSingleton<OutboxSignal>();
        services.AddScoped<Outbox.Outbox>();
        services.AddSingleton<MailSender>();
        services.AddScoped<IOutboxHandler, EmailHandler>();
        services.AddScoped<IOutboxHandler, NotifyUserHandler>();
        services.AddScoped<UserAccounts>();
        services.AddSingleton<InvitationBudget>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQuery>();
        services.AddScoped<AuditNames>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<Staff.StaffHandler>();
        services.AddScoped<DemoData>();
        services.AddScoped<Idempotency.ForgetExpiredIdempotencyKeys>();
        services.AddMetrics();
        services.AddSingleton<OutboxBacklogReader>();
        services.AddSingleton<AllywardMetrics>();
        services.AddScoped<DatabaseStartup>();
        services.AddSingleton<Files.IFileStorage, Files.LocalDiskFileStorage>();
        new ModuleCatalog(modules).AddServices(services, configuration);
        return services;
    }

    /// <summary>
    /// The keys that protect cookies and links are kept in the database, so every node shares them. With
    /// <c>DataProtection:Certificate:Path</c> (a PFX, and its <c>Password</c>) they are encrypted there; without it they
    /// are stored as the database stores everything else, and the framework's warning about that says nothing new.
    /// </summary>
    private static void AddKeyProtection(IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName("Allyward").PersistKeysToDbContext<AllywardDbContext>();
        if (configuration["DataProtection:Certificate:Path"] is { Length: > 0 } path)
        {
            protection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                path, configuration["DataProtection:Certificate:Password"]));
        }
        else
        {
            services.AddLogging(logging => Microsoft.Extensions.Logging.FilterLoggingBuilderExtensions.AddFilter(logging,
                "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", Microsoft.Extensions.Logging.LogLevel.Error));
        }
    }

    public static WebApplicationBuilder AddAllyward(this WebApplicationBuilder builder, IEnumerable<AllywardModule> modules)
    {
        // Lets a build (not only a publish) serve the library's and framework's static files in every environment;
        // a published app has them in wwwroot and no manifest, and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddAllywardCore(builder.Configuration, modules);
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<Idempotency.ForgetExpiredIdempotencyKeysWorker>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? BearerTokenHandler.SchemeName
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "allyward";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            // Signing in on the sign-in page makes the cookie handler redirect to the query's ReturnUrl as given, which
            // Kestrel refuses (a 500) when it is not ASCII; only a path of this site, encoded, is followed.
            options.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(ReturnUrls.LocalOrHome(context.RedirectUri));
                return Task.CompletedTask;
            };
        });
        // Deactivating a user changes its security stamp. Every request checks the stamp at once (CallerAccess, through
        // UseCurrentUser), open pages every Allyward:SessionCheckInterval and on every operation; the cookie handler's
        // own check also renews the cookie of a user whose stamp is still good.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorization();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, PartnerAwareAuthorizationResultHandler>();
        services.AddCascadingAuthenticationState();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiResults.RetryAfterHeader);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new ValidJsonText.ElementConverter());
        });
        services.AddOpenApi("v1", ApiDocumentation.Configure);

        services.AddHealthChecks()
            .AddDbContextCheck<AllywardDbContext>("database", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"]);
        // Request rate and latency (ASP.NET Core's own meters) and Allyward's, for Prometheus to scrape at /metrics.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(AllywardMetrics.MeterName)
            .AddPrometheusExporter());

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<Operations>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();
        return builder;
    }

    /// <summary>The cultures whose date and number formats pages use, picked from the browser's languages; the first is the default.</summary>
    public static readonly string[] SupportedCultures =
    [
        "en-US", "en-GB", "en-AU", "en-CA", "en-IE", "en-IN", "en-NZ", "en-ZA", "de-DE", "de-AT", "de-CH", "fr-FR", "fr-BE", "fr-CA", "fr-CH",
        "es-ES", "es-MX", "it-IT", "nl-NL", "nl-BE", "pt-BR", "pt-PT", "sv-SE", "da-DK", "nb-NO", "fi-FI", "pl-PL", "cs-CZ", "ja-JP",
    ];

    internal static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static WebApplication UseAllyward(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseRequestIds();
        app.UseExceptionHandler();
        // Errors without a body: API callers get ProblemDetails, people get the "not found" page.
        app.UseWhen(IsApi, api => api.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = status == StatusCodes.Status415UnsupportedMediaType
                    ? RequestBodyProblems.NotJson(http.Request.ContentType)
                    : new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = status == 404 ? "Not found" : "Request failed" },
            });
        }));
        app.UseWhen(context => !IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(IsApi, api => api.UseQueryTextRules().UseKnownCharsets());
        // Routing after the status-code pages, so that a re-executed request is routed again, to the not-found page.
        app.UseRouting();
        // Dates and numbers in the reader's own format; the open page keeps the culture of the request that opened it.
        app.UseRequestLocalization(options =>
        {
            options.SetDefaultCulture(SupportedCultures[0]).AddSupportedCultures(SupportedCultures).AddSupportedUICultures(SupportedCultures);
            options.ApplyCurrentCultureToResponseHeaders = true;
        });
        app.UseCallerIdentification();
        app.UseAuthentication();
        app.UseCurrentUser();
        app.UseCrossSiteRequestCheck();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseWhen(IsApi, api => api.UseIdempotentRequests());
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        Branding.BrandEndpoints.MapBrandLogo(app);

        var api = app.MapGroup("/api/v1").DisableAntiforgery().WithStandardErrorResponses();
        app.Services.GetRequiredService<ModuleCatalog>().MapEndpoints(api);
        app.Services.GetRequiredService<ModuleCatalog>().MapPublicEndpoints(app);

        app.MapOpenApi("/openapi/{documentName}.json");
        // The reference is the product's: no hosted-service buttons (deploy, SDK generation, AI chat), no telemetry, no
        // fonts from a CDN; it makes no request beyond this server, so it works where the server has no internet.
        app.MapScalarApiReference("/api/reference", options => options
            .WithTitle("Allyward API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .DisableDefaultFonts());

        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = OutboxHealthCheck.WriteAsync,
        });
        app.Services.GetRequiredService<AllywardMetrics>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
