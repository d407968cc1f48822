using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>Headless Chromium driven by chromedriver, both from Debian (<c>apt-get install chromium chromium-driver</c>,
/// which .ci/run does): a missing browser fails the test with that command, never skips it.</summary>
public sealed class Browser : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string DriverPath = "/usr/bin/chromedriver";

    public Browser(Uri address)
    {
        Assert.True(File.Exists(Chromium) && File.Exists(DriverPath),
            $"browser tests need {Chromium} and {DriverPath}: apt-get install chromium chromium-driver (.ci/run installs them)");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        Address = address;
    }

    public IWebDriver Driver { get; }

    public Uri Address { get; }

    public IWebElement this[string id] => Driver.FindElement(By.Id(id));

    /// <summary>The text of element <paramref name="id"/>, read in one script call: the page re-renders its counters as
    /// samples arrive, so an element found and then read can be replaced in between (a stale element reference).</summary>
    public string Text(string id) =>
        ((IJavaScriptExecutor)Driver).ExecuteScript("const e = document.getElementById(arguments[0]); return e ? e.innerText : null;", id) as string
        ?? throw new NoSuchElementException($"no element with id '{id}'");

    public void Open(string hash = "") => Driver.Navigate().GoToUrl(new Uri(Address, "/" + hash));

    public void Type(string id, string text)
    {
        this[id].Clear();
        this[id].SendKeys(text);
    }

    /// <summary>Logs in through the login form and waits for the navigation bar.</summary>
    public void LogIn(string name, string password)
    {
        Open();
        Until(() => this["view-login"].Displayed, "the login form");
        Type("login-name", name);
        Type("login-password", password);
        this["login-submit"].Click();
        Until(() => this["nav"].Displayed && this["who"].Text.Contains(name, StringComparison.Ordinal), "logged in");
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms for at most <paramref name="timeout"/> (default 2 min).</summary>
    public void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (WebDriverException)
            {
                // An element not there yet, or replaced while read: poll again.
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; page message: '{Message()}'");
            Thread.Sleep(100);
        }
    }

    public string Message()
    {
        try
        {
            return this["message"].Text;
        }
        catch (WebDriverException)
        {
            return "";
        }
    }

    /// <summary>Saves a screenshot under the test output's artifacts folder; returns its path.</summary>
    public string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
