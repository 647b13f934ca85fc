using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;

namespace LzDQM.Contracts.Tests;

public class WireContractTests
{
    [Theory]
    [InlineData("run", 1)]
    [InlineData("chunk", 2)]
    [InlineData("event", 3)]
    [InlineData("trigger_time_ns", 4)]
    [InlineData("pulse_count", 5)]
    [InlineData("pulse_class", 6)]
    [InlineData("area_phd", 7)]
    [InlineData("start_us", 8)]
    [InlineData("rms_width_us", 9)]
    [InlineData("top_fraction", 10)]
    [InlineData("coincidence", 11)]
    public void Pulse_chunk_field_numbers_are_the_contract(string name, int number) =>
        Assert.Equal(number, PulseChunk.Descriptor.FindFieldByName(name).FieldNumber);

    [Theory]
    [InlineData("run", 1)]
    [InlineData("chunk", 2)]
    [InlineData("event", 3)]
    [InlineData("trigger_time_ns", 4)]
    [InlineData("trigger_type", 5)]
    [InlineData("deadtime_ns", 6)]
    public void Trigger_chunk_field_numbers_are_the_contract(string name, int number) =>
        Assert.Equal(number, TriggerChunk.Descriptor.FindFieldByName(name).FieldNumber);

    [Theory]
    [InlineData("TriggerType", 4, "TRIGGER_TYPE_EXTERNAL")]
    [InlineData("TriggerType", 5, "TRIGGER_TYPE_LED")]
    [InlineData("PulseClass", 3, "PULSE_CLASS_SE")]
    [InlineData("PulseClass", 4, "PULSE_CLASS_SPE")]
    [InlineData("RunMode", 2, "RUN_MODE_KR83M")]
    [InlineData("RunMode", 6, "RUN_MODE_COMMISSIONING")]
    public void Enum_values_are_the_contract(string enumName, int number, string valueName)
    {
        var e = LzdqmReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>(enumName);
        Assert.Equal(valueName, e.FindValueByNumber(number).Name);
    }

    [Fact]
    public void Package_and_run_control_match_the_spec()
    {
        Assert.Equal("lzdqm.v1", LzdqmReflection.Descriptor.Package);
        Assert.Equal(5, RunControl.Descriptor.FindFieldByName("comment").FieldNumber);
        Assert.Equal(4, RunControl.Descriptor.FindFieldByName("mode").FieldNumber);
        Assert.Equal("TRANSITION_STOP", RunControl.Descriptor.EnumTypes[0].FindValueByNumber(2).Name);
    }

    [Property(MaxTest = 200)]
    public Property Pulse_chunks_round_trip_through_both_encodings() =>
        Prop.ForAll(Arb.From(WireGenerators.ValidPulseChunk), chunk =>
            chunk.Equals(ChunkCodec.Decode<PulseChunk>(ChunkCodec.Encode(chunk, WireEncoding.Protobuf), WireEncoding.Protobuf).Message)
            && chunk.Equals(ChunkCodec.Decode<PulseChunk>(ChunkCodec.Encode(chunk, WireEncoding.Json), WireEncoding.Json).Message));

    [Property(MaxTest = 200)]
    public Property Trigger_chunks_round_trip_through_both_encodings() =>
        Prop.ForAll(Arb.From(WireGenerators.ValidTriggerChunk), chunk =>
            chunk.Equals(ChunkCodec.Decode<TriggerChunk>(ChunkCodec.Encode(chunk, WireEncoding.Protobuf), WireEncoding.Protobuf).Message)
            && chunk.Equals(ChunkCodec.Decode<TriggerChunk>(ChunkCodec.Encode(chunk, WireEncoding.Json), WireEncoding.Json).Message));

    [Fact]
    public void Json_encoding_is_protobuf_canonical_json()
    {
        var json = System.Text.Encoding.UTF8.GetString(ChunkCodec.Encode(WireGenerators.SmallPulseChunk(), WireEncoding.Json));
        Assert.Contains("\"triggerTimeNs\": [ \"", json, StringComparison.Ordinal); // int64 as strings
        Assert.Contains("\"PULSE_CLASS_S2\"", json, StringComparison.Ordinal);     // enums by name
    }

    [Fact]
    public void Content_type_header_selects_the_decoder_and_absent_means_protobuf()
    {
        var chunk = WireGenerators.SmallPulseChunk();
        Assert.Equal(chunk, ChunkCodec.Decode<PulseChunk>(chunk.ToByteArray(), contentType: null).Message);
        Assert.Equal(chunk, ChunkCodec.Decode<PulseChunk>(chunk.ToByteArray(), "application/x-protobuf").Message);
        Assert.Equal(chunk, ChunkCodec.Decode<PulseChunk>(ChunkCodec.Encode(chunk, WireEncoding.Json), "application/json; charset=utf-8").Message);
        var unknown = ChunkCodec.Decode<PulseChunk>(chunk.ToByteArray(), "text/csv");
        Assert.False(unknown.Ok);
        Assert.Equal(ChunkRule.UnknownContentType, unknown.Error!.Rule);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0xFF, 0xFF })]          // length-delimited field 1 with a bad length
    [InlineData(new byte[] { 0x1A, 0x05, 0x01 })]          // truncated packed field
    [InlineData(new byte[] { 0x0F })]                      // invalid wire type 7
    public void Garbage_bytes_give_an_undecodable_verdict_not_an_exception(byte[] bytes)
    {
        var result = ChunkCodec.Decode<PulseChunk>(bytes, WireEncoding.Protobuf);
        Assert.False(result.Ok);
        Assert.Equal(ChunkRule.Undecodable, result.Error!.Rule);
    }

    [Theory]
    [InlineData("{ \"run\": 5, \"areaPhd\": \"many\" }")]
    [InlineData("{ \"run\": \"five\" }")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"run\": 5, ")]
    public void Json_with_wrong_field_types_is_undecodable(string json)
    {
        var result = ChunkCodec.Decode<PulseChunk>(System.Text.Encoding.UTF8.GetBytes(json), WireEncoding.Json);
        Assert.False(result.Ok);
        Assert.Equal(ChunkRule.Undecodable, result.Error!.Rule);
    }

    [Fact]
    public void Json_with_fields_from_a_newer_producer_still_decodes()
    {
        var result = ChunkCodec.Decode<RunControl>("{ \"run\": 5, \"transition\": \"TRANSITION_START\", \"shiftLeader\": \"ana\" }"u8, WireEncoding.Json);
        Assert.True(result.Ok);
        Assert.Equal(5u, result.Message!.Run);
    }
}
