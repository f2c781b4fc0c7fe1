package io.durascale.pipeline.taskhub.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ActivityResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationState;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.WorkItem;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * proto → model → proto for every history event and orchestrator action the 1.5.0 protocol
 * defines, and for the messages around them. The messages are filled from the protocol's own
 * descriptors — every field set, nested ones too — so a field the conversion drops fails here,
 * including one a later protocol version adds; the sparse variant checks that absent stays absent.
 */
class ProtoConversionTest {

    enum Fill { FULL, SPARSE }

    static Stream<Arguments> eventKinds() {
        return cases(HistoryEvent.getDescriptor().getOneofs().get(0));
    }

    static Stream<Arguments> actionKinds() {
        return cases(OrchestratorAction.getDescriptor().getOneofs().get(0));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("eventKinds")
    void everyHistoryEventRoundTrips(String kind, Fill fill) {
        HistoryEvent event = (HistoryEvent) message(HistoryEvent.newBuilder(), kind, fill);
        assertThat(event.getEventTypeCase().name()).isEqualTo(kind.toUpperCase(java.util.Locale.ROOT));
        assertThat(ProtoHistory.toProto(ProtoHistory.toModel(event))).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("actionKinds")
    void everyOrchestratorActionRoundTrips(String kind, Fill fill) {
        OrchestratorAction action = (OrchestratorAction) message(OrchestratorAction.newBuilder(), kind, fill);
        assertThat(ProtoActions.toProto(ProtoActions.toModel(action))).isEqualTo(action);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                roundTrip("OrchestratorResponse", OrchestratorResponse.newBuilder(),
                        m -> ProtoActions.toProto(ProtoActions.toModel((OrchestratorResponse) m))),
                roundTrip("ActivityResponse", ActivityResponse.newBuilder(),
                        m -> ProtoActions.toProto(ProtoActions.toModel((ActivityResponse) m))),
                roundTrip("WorkItem.orchestratorRequest", WorkItem.newBuilder(),
                        m -> ProtoActions.toProto(ProtoActions.toModel((WorkItem) m))),
                roundTrip("WorkItem.activityRequest", WorkItem.newBuilder(),
                        m -> ProtoActions.toProto(ProtoActions.toModel((WorkItem) m))),
                roundTrip("CreateInstanceRequest", CreateInstanceRequest.newBuilder(),
                        m -> ProtoInstances.toProto(ProtoInstances.toModel((CreateInstanceRequest) m))),
                roundTrip("OrchestrationState", OrchestrationState.newBuilder(),
                        m -> ProtoInstances.toState(ProtoInstances.toModel((OrchestrationState) m), true)))
                .flatMap(a -> Arrays.stream(Fill.values()).map(f -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], f)));
    }

    @ParameterizedTest(name = "{0}, {3}")
    @MethodSource("messages")
    void theMessagesAroundThemRoundTrip(String name, Message.Builder builder, Function<Message, Message> roundTrip, Fill fill) {
        String oneof = name.contains(".") ? name.substring(name.indexOf('.') + 1) : null;
        Message message = message(builder, oneof, fill);
        assertThat(roundTrip.apply(message)).isEqualTo(message);
    }

    @Test
    void theFilledMessagesReallyCarryEveryField() {
        // The test above is only as good as its filler: a full message sets every field it declares.
        HistoryEvent started = (HistoryEvent) message(HistoryEvent.newBuilder(), "executionStarted", Fill.FULL);
        var fields = started.getExecutionStarted().getAllFields().keySet().stream().map(FieldDescriptor::getName)
                .collect(Collectors.toSet());
        assertThat(fields).containsExactlyInAnyOrderElementsOf(started.getExecutionStarted().getDescriptorForType().getFields()
                .stream().map(FieldDescriptor::getName).toList());
        assertThat(started.getExecutionStarted().getParentInstance().getOrchestrationInstance().getExecutionId().getValue())
                .isNotEmpty();
        var failed = ((HistoryEvent) message(HistoryEvent.newBuilder(), "taskFailed", Fill.FULL)).getTaskFailed();
        assertThat(failed.getFailureDetails().getInnerFailure().getIsNonRetriable()).isTrue();
    }

    @Test
    void whatNoSdkSendsIsRefused() {
        assertThatThrownBy(() -> ProtoHistory.toModel(HistoryEvent.newBuilder().setEventId(4).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("history event 4 has no type");
        assertThatThrownBy(() -> ProtoActions.toModel(OrchestratorResponse.newBuilder()
                .addActions(OrchestratorAction.newBuilder().setId(1)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("action 1 has no type");
    }

    // ---- a message filled from its descriptor ----

    private static Stream<Arguments> cases(OneofDescriptor oneof) {
        return oneof.getFields().stream()
                .flatMap(f -> Arrays.stream(Fill.values()).map(fill -> Arguments.of(f.getName(), fill)));
    }

    private static Arguments roundTrip(String name, Message.Builder builder, Function<Message, Message> convert) {
        return Arguments.of(name, builder, convert);
    }

    /**
     * FULL: every field set (strings, numbers, wrappers, timestamps, nested messages, two of each
     * repeated), the first member of each oneof unless {@code oneofMember} names one. SPARSE: only
     * the chosen oneof member, empty.
     */
    private static Message message(Message.Builder builder, String oneofMember, Fill fill) {
        Descriptor type = builder.getDescriptorForType();
        if (fill == Fill.SPARSE) {
            for (FieldDescriptor field : type.getFields()) {
                if (field.getName().equals(oneofMember)) {
                    builder.setField(field, builder.newBuilderForField(field).build());
                }
            }
            return builder.build();
        }
        fill(builder, oneofMember, 0);
        return builder.build();
    }

    private static void fill(Message.Builder builder, String oneofMember, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null) {
                String chosen = oneofMember != null && oneof.getFields().stream().anyMatch(f -> f.getName().equals(oneofMember))
                        ? oneofMember : oneof.getField(0).getName();
                if (!field.getName().equals(chosen)) {
                    continue;
                }
            }
            int copies = field.isRepeated() ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                Object value = value(builder, field, depth, i);
                if (value == null) {
                    continue;
                }
                if (field.isRepeated()) {
                    builder.addRepeatedField(field, value);
                } else {
                    builder.setField(field, value);
                }
            }
        }
    }

    private static Object value(Message.Builder builder, FieldDescriptor field, int depth, int copy) {
        String tag = field.getContainingType().getName() + "." + field.getName() + copy;
        return switch (field.getJavaType()) {
            case STRING -> "v-" + tag;
            case INT -> 7 + field.getNumber() + copy;
            case LONG -> 7L + field.getNumber() + copy;
            case BOOLEAN -> true;
            case ENUM -> field.getEnumType().getValues().get(field.getEnumType().getValues().size() - 1);
            case MESSAGE -> {
                Descriptor type = field.getMessageType();
                if (type.getFullName().equals("google.protobuf.Timestamp")) {
                    yield com.google.protobuf.Timestamp.newBuilder().setSeconds(1_790_000_000L + field.getNumber() + copy)
                            .setNanos(123_456_789).build();
                }
                if (depth > 3) {
                    yield null; // recursive types (a failure's inner failure) stop somewhere
                }
                Message.Builder nested = builder.newBuilderForField(field);
                fill(nested, null, depth + 1);
                yield nested.build();
            }
            default -> throw new IllegalStateException("no filler for " + field.getFullName());
        };
    }
}
