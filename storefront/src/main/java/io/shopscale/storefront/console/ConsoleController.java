package io.shopscale.storefront.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.shopscale.storefront.console.ConsoleHistory.ServiceView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console}: the page, the figures fragment it polls (htmx, every {@code refresh}), and the chaos panel with its
 * buttons when the local launcher's control endpoint is there. Without JavaScript the page still shows the figures
 * of its load and the buttons still work (a plain form post, then back to the page).
 */
@Controller
@RequestMapping("/console")
class ConsoleController {

  /** What a button may send: a target and an action (or service, name and action), nothing else. */
  private static final Pattern COMMAND = Pattern.compile("[a-z]+( [a-z0-9-]+){1,2}");

  /** The launcher's words for a target that is not broken. */
  private static final Pattern HEALTHY = Pattern.compile("up|normal|streaming|running|not ours");

  /** The buttons, target → actions; services come from the launcher's list. */
  private static final Map<String, List<String>> BUTTONS = new java.util.LinkedHashMap<>();

  static {
    BUTTONS.put("redis", List.of("down", "up"));
    BUTTONS.put("kafka", List.of("down", "up"));
    BUTTONS.put("replica", List.of("pause", "resume", "cut", "restore"));
    BUTTONS.put("payments", List.of("slow", "failing", "normal"));
    BUTTONS.put("inventory", List.of("slow", "normal"));
  }

  private final ConsoleHistory history;
  private final ChaosClient chaos;
  private final ConsoleSettings settings;
  private final Clock clock;

  ConsoleController(ConsoleHistory history, ChaosClient chaos, ConsoleSettings settings, Clock consoleClock) {
    this.history = history;
    this.chaos = chaos;
    this.settings = settings;
    this.clock = consoleClock;
  }

  @GetMapping
  String page(Model model) {
    model.addAttribute("source", history.describeSource());
    model.addAttribute("refreshSeconds", Math.max(1, settings.refresh().toSeconds()));
    model.addAttribute("windowMinutes", Math.max(1, settings.window().toMinutes()));
    figures(model);
    chaosPanel(model, chaos.states());
    return "console/console";
  }

  @GetMapping("/figures")
  String figures(Model model) {
    Instant now = clock.instant();
    List<ServiceView> services = history.current();
    List<ServiceCards> cards = new ArrayList<>();
    for (ServiceView service : services) {
      List<Card> golden = new ArrayList<>();
      List<Card> patterns = new ArrayList<>();
      service.history().keySet().stream().sorted(Comparator.comparing(Figure::golden).reversed()).forEach(figure -> {
        Card card = Card.of(service.name(), figure, service.now().get(figure), service.history().get(figure), now,
            settings.window(), settings.patternsUrl());
        (figure.golden() ? golden : patterns).add(card);
      });
      golden.addAll(patterns);
      cards.add(new ServiceCards(service.name(), service.answering(), golden));
    }
    model.addAttribute("services", cards);
    return "console/console :: figures";
  }

  @GetMapping("/chaos")
  String chaos(Model model) {
    chaosPanel(model, Optional.of(requireChaos()));
    return "console/console :: chaos";
  }

  @PostMapping("/chaos")
  String run(@RequestParam String command, @RequestHeader(name = "HX-Request", required = false) String htmx,
      Model model, RedirectAttributes redirect) {
    Map<String, String> before = requireChaos();
    if (!COMMAND.matcher(command).matches()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Not a chaos command: " + command);
    }
    String answer = chaos.run(command);
    if (htmx == null) {
      redirect.addFlashAttribute("chaosAnswer", answer);
      return "redirect:/console";
    }
    model.addAttribute("chaosAnswer", answer);
    chaosPanel(model, chaos.states().or(() -> Optional.of(before)));
    return "console/console :: chaos";
  }

  private Map<String, String> requireChaos() {
    return chaos.states().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
        "No chaos controls here: they exist only on the local stack (./shopscale up)"));
  }

  private void chaosPanel(Model model, Optional<Map<String, String>> states) {
    model.addAttribute("chaosAvailable", states.isPresent());
    states.ifPresent(known -> {
      model.addAttribute("chaosStates", known.entrySet().stream().map(entry -> new TargetState(entry.getKey(),
          entry.getValue(), HEALTHY.matcher(entry.getValue()).lookingAt())).toList());
      List<Button> buttons = new ArrayList<>();
      BUTTONS.forEach((target, actions) -> actions.forEach(action -> buttons.add(new Button(target,
          target + " " + action, action, known.getOrDefault(target, "")))));
      known.keySet().stream().filter(key -> key.startsWith("service ")).forEach(key -> {
        String name = key.substring("service ".length());
        buttons.add(new Button(name, key + " kill", "kill", known.get(key)));
        buttons.add(new Button(name, key + " start", "start", known.get(key)));
      });
      model.addAttribute("chaosButtons", buttons);
    });
  }

  /** One service's figures: the golden signals first, then its pattern gauges. */
  record ServiceCards(String name, boolean answering, List<Card> cards) {
  }

  /** One target of the chaos controls and whether it is as it should be. */
  record TargetState(String target, String state, boolean ok) {
  }

  /** One chaos button: the group it belongs to, the command it sends, its label and the group's state now. */
  record Button(String group, String command, String label, String state) {
  }
}
