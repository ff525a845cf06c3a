package com.sparkcontrol.services;

import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.services.ServiceActions.ActionRun;
import com.sparkcontrol.ssh.OutputListener;
import com.sparkcontrol.ssh.RunningCommand;
import com.sparkcontrol.ssh.SparkException;
import com.sparkcontrol.ssh.SparkShell;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs one step on the service's Spark and streams its output, line by line, to the action's log and the
 * dashboard. A step that exits non-zero, outlives its timeout (it is then cancelled) or loses its connection
 * fails the action with the last line the command printed.
 */
@Component
class ServiceStepRunner implements Processor {

    private final SparkShell shell;
    private final ServiceCatalog catalog;
    private final ServiceActions actions;

    ServiceStepRunner(SparkShell shell, ServiceCatalog catalog, ServiceActions actions) {
        this.shell = shell;
        this.catalog = catalog;
        this.actions = actions;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException, InvalidPayloadException {
        ActionRun run = exchange.getProperty(ServiceActionAdmission.RUN, ActionRun.class);
        ServiceStep step = exchange.getIn().getMandatoryBody(ServiceStep.class);
        SparkNode node = catalog.nodeOf(run.service());
        actions.step(run, step.description());
        AtomicReference<String> lastLine = new AtomicReference<>();
        RunningCommand command = shell.stream(node, step.command(), new OutputListener() {
            @Override
            public void onLine(String line, boolean stderr) {
                if (!line.isBlank()) {
                    lastLine.set(line.strip());
                    actions.line(run, line, stderr ? "stderr" : "stdout");
                }
            }
        }, step.stdin());
        Integer exit;
        try {
            exit = command.awaitExit(step.timeout());
        } catch (TimeoutException e) {
            command.cancel();
            throw new ServiceActionFailure(step.description() + " did not finish within "
                    + ServicesProperties.readable(step.timeout()) + " and was stopped");
        } catch (InterruptedException e) {
            command.cancel();
            throw e;
        }
        if (exit == null) {
            throw new SparkException(node.id(), SparkException.Reason.CONNECTION_LOST,
                    step.description() + ": the connection to " + node.id() + " dropped before it finished");
        }
        if (exit != 0) {
            String last = lastLine.get();
            throw new ServiceActionFailure(step.description() + " failed (exit " + exit + ")"
                    + (last == null ? "" : ": " + run.mask(last)));
        }
    }
}
