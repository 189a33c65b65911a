package io.shopscale.inventory.chaos;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /internal/chaos/product-reads {"behaviour":"SLOW"|"NORMAL"}}: outside the gateway's routes, for
 * administrators only ({@code InventoryServiceApplication}), and only where the local profile turned it on.
 */
// not the public API: the gateway never routes it, and the documents are the same whether it is on or not
@Hidden
@RestController
@RequestMapping("/internal/chaos/product-reads")
@ConditionalOnBooleanProperty("shopscale.inventory.run-time-switch.enabled")
class SlowReadsController {

  private final SlowProductReads reads;

  SlowReadsController(SlowProductReads reads) {
    this.reads = reads;
  }

  @GetMapping
  ReadBehaviour current() {
    return new ReadBehaviour(reads.behaviour());
  }

  @PutMapping
  ReadBehaviour behave(@RequestBody @Valid ReadBehaviour requested) {
    reads.behave(requested.behaviour());
    return current();
  }

  /** @param behaviour {@code NORMAL} or {@code SLOW} */
  record ReadBehaviour(@NotNull SlowProductReads.Behaviour behaviour) {
  }
}
