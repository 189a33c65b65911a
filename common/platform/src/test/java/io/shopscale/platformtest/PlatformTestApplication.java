package io.shopscale.platformtest;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.shopscale.platform.security.ApiAuthorization;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service that uses the platform the way real services do (outside the platform packages, so its
 * component scan sees only this file, not the auto-configurations). */
@SpringBootApplication
public class PlatformTestApplication {

  @Bean
  ApiAuthorization probeRules() {
    return rules -> rules
        .requestMatchers(HttpMethod.GET, "/probe/public", "/probe/thread").permitAll()
        .requestMatchers("/probe/admin").hasRole("ADMIN");
  }

  record ItemRequest(@NotBlank String name, @Min(1) @Max(100) int quantity) {
  }

  record Item(UUID id, String name, int quantity) {
  }

  @RestController
  @RequestMapping("/probe")
  static class ProbeController {

    @PostMapping("/items")
    ResponseEntity<Item> create(@Valid @RequestBody ItemRequest request) {
      Item item = new Item(UUID.randomUUID(), request.name(), request.quantity());
      return ResponseEntity.created(URI.create("/probe/items/" + item.id())).body(item);
    }

    @GetMapping("/items/{id}")
    Item find(@PathVariable UUID id) {
      throw new ErrorResponseException(HttpStatus.NOT_FOUND,
          ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No item " + id), null);
    }

    @GetMapping("/items")
    String list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
      return "limit " + limit;
    }

    @PutMapping("/items/{id}")
    Item update(@PathVariable UUID id) {
      throw new OptimisticLockingFailureException("row was updated by another transaction");
    }

    @GetMapping("/boom")
    String boom() {
      throw new IllegalStateException("select * from secret_table where host='db-primary.internal'");
    }

    @GetMapping("/public")
    String publicProbe() {
      return "public";
    }

    @GetMapping("/admin")
    String adminProbe() {
      return "admin";
    }

    @GetMapping("/me")
    String me(
        @org.springframework.security.core.annotation.AuthenticationPrincipal org.springframework.security.oauth2.jwt.Jwt caller) {
      return caller.getSubject();
    }
  }
}
