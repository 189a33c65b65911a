package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The shop in a real browser: Debian's headless Chromium, driven by Selenium through Debian's chromedriver
 * ({@link Chromium}), against the whole system through the gateway at {@code /}. Where no Chromium is installed the
 * class is skipped, and says why (an assumption, never a silent pass). {@code -Dshopscale.screenshots=DIR} also saves
 * the pages it passes through as PNGs (the README's screenshots, docs/images; the command is in the README, "Tests").
 */
@SystemTest
class StorefrontBrowserIT {

  static final Duration SETTLES_WITHIN = Customer.SETTLES_WITHIN;

  @RegisterExtension
  static final Chromium chromium = new Chromium();

  @Test
  void aShopperRegistersLogsInBuysWithOneOrderForADoubleClickAndWatchesItConfirm(RunningSystem system) {
    Gateway gateway = new Gateway(system.gateway());
    String productName = "Browser Teapot " + UUID.randomUUID().toString().substring(0, 8);
    Admin.login(gateway).createProduct(productName, "19.90", 5);
    String email = "browser-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "correct horse battery " + UUID.randomUUID();

    // registers (and is logged in), logs out, logs in again
    open(system, "/register");
    type(By.name("name"), "Bea Browser");
    type(By.name("email"), email);
    type(By.name("password"), password);
    click(By.id("register"));
    awaitText(By.cssSelector(".who"), "Bea Browser");
    click(By.id("logout"));
    awaitVisible(By.id("login-link"));
    click(By.id("login-link"));
    type(By.name("email"), email);
    type(By.name("password"), password);
    click(By.id("login"));
    awaitText(By.cssSelector(".who"), "Bea Browser");

    // finds the product, puts two in the cart
    type(By.id("q"), productName);
    chromium.browser().findElement(By.id("q")).submit();
    click(By.linkText(productName));
    awaitText(By.tagName("h1"), productName);
    shoot("product");
    WebElement quantity = chromium.browser().findElement(By.id("quantity"));
    quantity.clear();
    quantity.sendKeys("2");
    click(By.id("add-to-cart"));
    awaitText(By.id("cart-total"), "39.80 USD");
    shoot("cart");

    // a double click on "Place order" places one order, which confirms without the page being reloaded
    new Actions(chromium.browser()).doubleClick(chromium.browser().findElement(By.id("place-order"))).perform();
    awaitVisible(By.id("order-status"));
    // a mark on this page's window: a reload (or a navigation) would lose it
    ((JavascriptExecutor) chromium.browser()).executeScript("window.shopscaleSamePage = true;");
    new WebDriverWait(chromium.browser(), SETTLES_WITHIN)
        .until(ExpectedConditions.textToBe(By.id("status"), "CONFIRMED"));
    assertThat(chromium.browser().findElement(By.id("confirmed")).getText()).contains("confirmed");
    assertThat(((JavascriptExecutor) chromium.browser()).executeScript("return window.shopscaleSamePage === true;"))
        .as("the status changed in place, without a reload").isEqualTo(true);
    assertThat(chromium.browser().findElement(By.id("order-total")).getText()).isEqualTo("39.80 USD");
    shoot("order-confirmed");

    List<?> orders = new Customer(gateway, UUID.randomUUID(), email, Customer.login(gateway, email, password))
        .orders();
    assertThat(orders).as("one order for the double click").hasSize(1);
  }

  @Test
  void aDeclinedCardShowsItsReason(RunningSystem system) {
    Gateway gateway = new Gateway(system.gateway());
    String productName = "Browser Kettle " + UUID.randomUUID().toString().substring(0, 8);
    UUID product = Admin.login(gateway).createProductId(productName, "5.00", 5);
    String email = "declined-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "correct horse battery " + UUID.randomUUID();
    gateway.patiently(Gateway.withJson(gateway.request("/api/users", null), "POST",
        Map.of("email", email, "password", password, "name", "Dee Declined"))).expect(201);

    open(system, "/login");
    type(By.name("email"), email);
    type(By.name("password"), password);
    click(By.id("login"));
    awaitVisible(By.cssSelector(".who"));
    open(system, "/products/" + product);
    click(By.id("add-to-cart"));
    awaitText(By.id("cart-total"), "5.00 USD");
    new Select(chromium.browser().findElement(By.id("paymentToken"))).selectByValue("tok_chargeDeclined");
    click(By.id("place-order"));

    new WebDriverWait(chromium.browser(), SETTLES_WITHIN)
        .until(ExpectedConditions.textToBe(By.id("status"), "CANCELLED"));
    assertThat(chromium.browser().findElement(By.id("failure-reason")).getText())
        .isEqualTo("The payment was declined by the card issuer.");
    shoot("order-declined");
  }

  private void open(RunningSystem system, String path) {
    chromium.browser().get(system.gateway().resolve(path).toString());
  }

  private void type(By field, String text) {
    WebElement element = awaitVisible(field);
    element.clear();
    element.sendKeys(text);
  }

  private void click(By target) {
    new WebDriverWait(chromium.browser(), Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(target))
        .click();
  }

  private WebElement awaitVisible(By target) {
    return new WebDriverWait(chromium.browser(), Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(target));
  }

  private void awaitText(By target, String text) {
    new WebDriverWait(chromium.browser(), Duration.ofSeconds(15))
        .until(ExpectedConditions.textToBePresentInElementLocated(target, text));
  }

  private void shoot(String name) {
    chromium.shoot("storefront-" + name);
  }
}
