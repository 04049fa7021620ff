namespace Middleware.Enrichment.Text;

/// <summary>
/// The network part of a format-2 model body (after the SVM's biases): input count, input columns
/// as delta varints, per input row a float scale and one signed byte per hidden unit, then the
/// hidden biases, the output weights and the output biases as floats.
/// </summary>
internal static class NetworkBody
{
    public static void Write(BinaryWriter writer, SparseNetwork network)
    {
        var h = network.Hidden;
        writer.Write(network.Inputs);
        var previous = 0UL;
        foreach (var column in network.InputColumns)
        {
            // +1 so the first column 0 is a non-zero delta like every other (columns ascend strictly).
            ModelFile.Write7Bit(writer, (ulong)column + 1 - previous);
            previous = (ulong)column + 1;
        }

        var input = network.Input.AsSpan();
        for (var r = 0; r < network.Inputs; r++)
        {
            var row = input.Slice(r * h, h);
            var scale = SparseNetworkTrainer.RowScale(row);
            writer.Write(scale);
            foreach (var w in row)
            {
                writer.Write(scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(w / scale), -127, 127));
            }
        }

        foreach (var values in new[] { network.HiddenBias, network.Output, network.OutputBias })
        {
            foreach (var v in values)
            {
                writer.Write(v);
            }
        }
    }

    /// <exception cref="InvalidDataException">The counts or columns do not fit the model's feature space.</exception>
    public static SparseNetwork Read(BinaryReader reader, int features, int hidden, int labels)
    {
        var inputs = reader.ReadInt32();
        if (inputs < 0 || inputs > features)
        {
            throw new InvalidDataException($"network has {inputs} inputs for {features} features");
        }

        var columns = new int[inputs];
        var previous = 0UL;
        for (var i = 0; i < inputs; i++)
        {
            previous += ModelFile.Read7Bit(reader);
            if (previous == 0 || previous > (ulong)features)
            {
                throw new InvalidDataException($"network input {i} is column {(long)previous - 1} of {features}");
            }

            columns[i] = (int)(previous - 1);
        }

        var input = new float[(long)inputs * hidden];
        for (var r = 0; r < inputs; r++)
        {
            var scale = reader.ReadSingle();
            for (var j = 0; j < hidden; j++)
            {
                input[(r * hidden) + j] = reader.ReadSByte() * scale;
            }
        }

        var hiddenBias = ReadFloats(reader, hidden);
        var output = ReadFloats(reader, hidden * labels);
        var outputBias = ReadFloats(reader, labels);
        return new SparseNetwork(features, columns, input, hiddenBias, output, outputBias);
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }
}
