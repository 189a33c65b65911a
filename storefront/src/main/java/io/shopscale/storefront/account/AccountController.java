package io.shopscale.storefront.account;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.shopscale.storefront.api.ApiProblem;

/** The login, registration and logout forms. */
@Controller
class AccountController {

  private final Shoppers shoppers;

  AccountController(Shoppers shoppers) {
    this.shoppers = shoppers;
  }

  @GetMapping("/login")
  String loginForm(@RequestParam(required = false) @Nullable String next, Model model) {
    model.addAttribute("next", safeNext(next));
    return "login";
  }

  @PostMapping("/login")
  String logIn(@RequestParam String email, @RequestParam String password,
      @RequestParam(required = false) @Nullable String next, HttpServletRequest request, Model model) {
    try {
      shoppers.logIn(email.strip(), password, request);
      return "redirect:" + safeNext(next);
    }
    catch (ApiProblem refused) {
      model.addAttribute("next", safeNext(next));
      model.addAttribute("email", email);
      model.addAttribute("problem",
          refused.status() == 401 ? "The email or password is not right." : refused.readable());
      return "login";
    }
  }

  @GetMapping("/register")
  String registerForm() {
    return "register";
  }

  @PostMapping("/register")
  String register(@RequestParam String email, @RequestParam String password, @RequestParam String name,
      HttpServletRequest request, Model model) {
    try {
      shoppers.register(email.strip(), password, name.strip());
      shoppers.logIn(email.strip(), password, request);
      return "redirect:/";
    }
    catch (ApiProblem refused) {
      model.addAttribute("email", email);
      model.addAttribute("name", name);
      model.addAttribute("problem", refused.status() == 409
          ? "An account with this email exists already; log in."
          : refused.readable());
      return "register";
    }
  }

  @PostMapping("/logout")
  String logOut(HttpServletRequest request) {
    shoppers.logOut(request);
    return "redirect:/";
  }

  /** Only a path of this site: never an absolute or protocol-relative URL (no open redirect). */
  static String safeNext(@Nullable String next) {
    return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/";
  }
}
