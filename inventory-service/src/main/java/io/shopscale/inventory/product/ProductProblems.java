package io.shopscale.inventory.product;

import java.util.List;
import java.util.UUID;

import io.shopscale.platform.web.FieldProblem;
import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The catalog's own problems; the platform handler renders them like every other problem. */
final class ProductProblems {

  private ProductProblems() {
  }

  static final class ProductNotFound extends ErrorResponseException {
    ProductNotFound(UUID id) {
      super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "There is no product " + id + "."), null);
    }
  }

  static final class SkuTaken extends ErrorResponseException {
    SkuTaken(String sku) {
      super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Another product already has the sku " + sku + "."),
          null);
    }
  }

  static final class StaleVersion extends ErrorResponseException {
    StaleVersion(UUID id) {
      super(HttpStatus.PRECONDITION_FAILED, Problems.of(HttpStatus.PRECONDITION_FAILED,
          "Product " + id + " has changed since the version in If-Match; read it again and retry."), null);
    }
  }

  static final class InvalidField extends ErrorResponseException {
    InvalidField(String field, String message) {
      super(HttpStatus.BAD_REQUEST, Problems.validation(List.of(new FieldProblem(field, message))), null);
    }
  }
}
